import BetterSqlite3 from 'better-sqlite3'
import { Kysely, Migrator, SqliteAdapter, SqliteDialect, sql, type MigrationProvider } from 'kysely'
import { AppError } from '../errors'
import { privateDatabaseFile } from '../privateFiles'
import { migrationProvider } from './migrations'
import type { Database } from './schema'

/**
 * kysely's SQLite adapter reports no transactional DDL, so its Migrator would run each
 * migration outside a transaction. SQLite does support it; saying so makes the Migrator
 * run the whole batch of pending migrations in one transaction (all or nothing).
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

class AppSqliteDialect extends SqliteDialect {
  override createAdapter() {
    return new TransactionalDdlSqliteAdapter()
  }
}

export interface DatabaseHandle {
  db: Kysely<Database>
  /** The raw connection, for the few things kysely does not do (backup, pragmas, bulk statements). */
  sqlite: BetterSqlite3.Database
  file: string
  close(): Promise<void>
}

export function openDatabase(file: string, nativeBinding?: string): DatabaseHandle {
  let sqlite: BetterSqlite3.Database
  try {
    privateDatabaseFile(file)
    sqlite = new BetterSqlite3(file, nativeBinding ? { nativeBinding } : {})
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    // Every commit (a triage decision, an import) is synced to the disk before the call
    // returns, so it survives a power cut; NORMAL would sync only at checkpoints. Its cost is
    // one fsync per commit (bench/README.md).
    sqlite.pragma('synchronous = FULL')
  } catch (error) {
    throw new AppError('db-open-failed', `無法開啟資料庫檔案 ${file}：${(error as Error).message}`)
  }
  const db = new Kysely<Database>({ dialect: new AppSqliteDialect({ database: sqlite }) })
  return { db, sqlite, file, close: () => db.destroy() }
}

/** Names of the migrations this DB has applied, oldest first. */
export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const exists = await sql<{ n: number }>`
    SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`.execute(db)
  if (!exists.rows[0]?.n) return []
  const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)
  return rows.rows.map((r) => r.name)
}

/**
 * Brings the DB to this version's schema. Refuses a DB that a newer version of the app
 * has migrated: its schema may hold things this version would misread or destroy.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  provider: MigrationProvider = migrationProvider,
): Promise<string[]> {
  const known = new Set(Object.keys(await provider.getMigrations()))
  const unknown = (await appliedMigrations(db)).filter((name) => !known.has(name))
  if (unknown.length > 0) {
    throw new AppError(
      'db-newer-version',
      `這個資料庫由較新版本的收訖回報工作台建立（${unknown.join('、')}），請更新程式後再開啟。`,
    )
  }
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?'
    throw new AppError('migration-failed', `資料庫升級失敗（${failed}）：${(error as Error).message}`)
  }
  return appliedMigrations(db)
}
