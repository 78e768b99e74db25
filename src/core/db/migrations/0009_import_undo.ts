import type { Kysely } from 'kysely'
import { runStatements } from './backend'

// Frozen in time: never imports app code.
//
// On a school's server an import cannot be taken back by restoring a copy of the database (every
// PC's work since would go with it), so the server keeps an undo of the last import instead: what
// it changed and removed, as it was before (core/import/undo). The rows it added need no record —
// each carries the import's batch in first_batch_id.
// - import_undo: the one import that can be undone (only the last one is kept): the last triage
//   step before it (a later step on its items means someone worked on them since), how many rows
//   of each table it added, changed and removed, and the untouched default round it replaced, if
//   it did (rounds/fit.ts), with the round that replaced it.
// - import_undo_rows: each row it changed (the columns it set) or removed (the whole row), as it
//   was before, as JSON text.
// SQLite files keep their copies before each import (core/backup) and leave these tables empty.
// The same tables on both backends (text in the "C" collation on PostgreSQL, as in 0001).

const sqlite = [
  `CREATE TABLE import_undo (
    batch_id INTEGER PRIMARY KEY REFERENCES import_batches(id),
    steps_before INTEGER NOT NULL,
    counts TEXT NOT NULL,
    round_before TEXT,
    round_after INTEGER
  ) STRICT`,
  `CREATE TABLE import_undo_rows (
    batch_id INTEGER NOT NULL REFERENCES import_undo(batch_id),
    table_name TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    change TEXT NOT NULL CHECK (change IN ('updated', 'deleted')),
    before TEXT NOT NULL,
    PRIMARY KEY (batch_id, table_name, row_id)
  ) STRICT`,
]

const postgres = sqlite.map((statement) => statement.replace(/\bTEXT\b/g, 'text COLLATE "C"').replace(/\) STRICT$/, ')'))

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, { sqlite, postgres })
}
