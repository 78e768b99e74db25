import { Migrator, type MigrationProvider } from 'kysely'
import { AppError } from '../errors'
import { migrationProvider } from './migrations'
import type { Db } from './store'

/** Names of the migrations this DB has applied, oldest first (none in an empty DB). */
export async function appliedMigrations(db: Db): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true })
  if (!tables.some((t) => t.name === 'kysely_migration')) return []
  const rows = await db.selectFrom('kysely_migration' as never).select('name' as never).orderBy('name' as never).execute()
  return (rows as { name: string }[]).map((r) => r.name)
}

/**
 * Brings the DB to this version's schema, on either backend (each migration runs what it says
 * for the one it is on). Refuses a DB that a newer version of the app has migrated: its schema
 * may hold things this version would misread or destroy.
 */
export async function migrateToLatest(db: Db, provider: MigrationProvider = migrationProvider): Promise<string[]> {
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
