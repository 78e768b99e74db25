import type BetterSqlite3 from 'better-sqlite3'
import type { Db, FileOps } from '../store'

/**
 * SQLite's online backup: a consistent copy while the DB stays open. Only outside a transaction:
 * a copy taken inside one misses what the WAL holds.
 */
export async function copyDatabase(sqlite: BetterSqlite3.Database, target: string): Promise<void> {
  if (sqlite.inTransaction) throw new Error('a backup cannot be taken inside a transaction')
  await sqlite.backup(target)
}

/** The SQLite file's own operations (backups, see core/backup), each holding kysely's connection. */
export function sqliteFileOps(path: string, db: Db, sqlite: BetterSqlite3.Database): FileOps {
  return {
    path,
    copyTo: (target) => db.connection().execute(() => copyDatabase(sqlite, target)),
    replaceFrom: async () => {
      throw new Error('replaceFrom: not wired yet')
    },
  }
}
