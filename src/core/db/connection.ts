import type BetterSqlite3 from 'better-sqlite3'
import { systemClock } from '../time'
import { openSqliteStore } from './sqlite/store'
import type { Db } from './store'

export { appliedMigrations, migrateToLatest } from './migrate'

/** @deprecated transitional: a SQLite file opened outside a core (backups, tests); use openSqliteStore. */
export interface DatabaseHandle {
  db: Db
  sqlite: BetterSqlite3.Database
  file: string
  close(): Promise<void>
}

/** @deprecated transitional, see DatabaseHandle. */
export function openDatabase(file: string, nativeBinding?: string): DatabaseHandle {
  const store = openSqliteStore(file, { clock: systemClock, nativeBinding })
  return { db: store.db, sqlite: store.sqlite, file, close: () => store.close() }
}
