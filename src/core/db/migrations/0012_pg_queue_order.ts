import type { Kysely } from 'kysely'
import { runStatements } from './backend'

// The queue's default sort (oldest report first: reported_at ascending, an item never reported
// first, then id) on a server. SQLite walks report_items_by_reported (0003), where NULL is the
// smallest value and the rowid follows each key. PostgreSQL's btree puts NULL last and holds no
// id after the key, so it read every matching item and sorted them for each page (6 ms for the
// bench's 17,500 awaiting items of a section, 50,000 in all). This index holds the sort's own
// order (NULLS FIRST, then id; scanned backward for the newest first) and every filter column
// the queue writes, so a page walks it and stops after its rows. Nothing on SQLite.

const postgres = [
  `CREATE INDEX report_items_by_reported_id ON report_items(reported_at NULLS FIRST, id)
    INCLUDE (section, status, kind, term, error_type, vanished_at, source_changed_at, student_id, hint_state)`,
]

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, { sqlite: [], postgres })
}
