import type { Migration, MigrationProvider } from 'kysely'
import * as m0001 from './0001_initial'
import * as m0003 from './0003_triage_indexes'
import * as m0004 from './0004_round_updated_by'
import * as m0005 from './0005_queue_search'
import * as m0006 from './0006_deadline_rule_routing_student_history'
import * as m0008 from './0008_change_marks'
import * as m0009 from './0009_import_undo'
import * as m0010 from './0010_hand_entries_disputes'
import * as m0011 from './0011_item_hints'
import * as m0012 from './0012_pg_queue_order'
import * as m0013 from './0013_pg_record_refs'

/**
 * Migrations are imported statically so that the bundled app carries them
 * (a folder scan would find nothing inside an asar). Names sort in run order.
 */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0003_triage_indexes': m0003,
  '0004_round_updated_by': m0004,
  '0005_queue_search': m0005,
  '0006_deadline_rule_routing_student_history': m0006,
  '0008_change_marks': m0008,
  '0009_import_undo': m0009,
  '0010_hand_entries_disputes': m0010,
  '0011_item_hints': m0011,
  '0012_pg_queue_order': m0012,
  '0013_pg_record_refs': m0013,
}

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations
  },
}
