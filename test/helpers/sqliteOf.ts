import type BetterSqlite3 from 'better-sqlite3'
import type { Core } from '../../src/core'
import type { SqliteStore } from '../../src/core/db/sqlite/store'

/** The raw SQLite connection of a core on a file: for tests of the file itself (query plans, pragmas, bytes). */
export function sqliteOf(core: Core): BetterSqlite3.Database {
  const store = core.ctx.store as SqliteStore
  if (store.backend !== 'sqlite') throw new Error('this test reads the SQLite file itself; it does not run on a server')
  return store.sqlite
}
