import type { Kysely } from 'kysely'
import { runStatements } from './backend'

// Frozen in time: never imports app code.
//
// One row that every write moves on (db/store.ts): seq counts the writes, `at` and `operator` say
// when and by whom the last one was made. Other PCs sharing a server, and other windows or the
// CLI on the same file, poll it to know that something changed and refresh what they show.
// The same table on SQLite and PostgreSQL.

const statements = [
  `CREATE TABLE change_marks (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    at TEXT,
    operator TEXT
  )`,
  `INSERT INTO change_marks (id, seq, at, operator) VALUES (1, 0, NULL, NULL)`,
]

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, { sqlite: statements, postgres: statements })
}
