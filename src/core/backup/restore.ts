import { copyFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import type { CoreContext } from '../context'
import { appliedMigrations, migrateToLatest, openDatabase } from '../db/connection'
import { migrations } from '../db/migrations'
import { AppError } from '../errors'
import { privateDatabaseFile } from '../privateFiles'
import { isFromNewerVersion, KEEP_SAFETY_BACKUPS, writeBackup } from './backups'
import { listNames, prune, readMeta, removeBackup, tempPathIn } from './folder'

/** Tables copied back, in creation order (parents before children). */
function dataTables(sqlite: BetterSqlite3.Database): string[] {
  return (
    sqlite
      .prepare(`SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY rowid`)
      .all() as { name: string }[]
  ).map((r) => r.name)
}

/**
 * The tables that triggers write (today the queue's kept counts and search grams, migrations
 * 0003 and 0005), read from the triggers' own SQL so that one a later migration adds is found too.
 */
export function tablesWrittenByTriggers(sqlite: BetterSqlite3.Database): string[] {
  const tables = dataTables(sqlite)
  const bodies = (sqlite.prepare(`SELECT sql FROM main.sqlite_master WHERE type = 'trigger'`).all() as { sql: string }[])
    .map((r) => r.sql.slice(r.sql.search(/\bBEGIN\b/i)))
  const written = new Set<string>()
  for (const body of bodies) {
    for (const m of body.matchAll(/\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+(?:main\.)?["`[]?(\w+)/gi)) {
      if (tables.includes(m[1])) written.add(m[1])
    }
  }
  return tables.filter((t) => written.has(t))
}

/**
 * Replaces every row of the live DB with the backup's (attached as restore_source), in one
 * transaction. Inserting a backup's report items fires the triggers that keep the count and
 * search tables, so copying those tables too would add every count twice (or break their keys).
 * They are copied exactly as the backup holds them, last: emptied first (so the deletes'
 * triggers have nothing to count down), left to the triggers while the rest is copied, then
 * emptied again and filled from the backup. The backup's rows are the truth — for a table a
 * trigger writes but that is not derived (an audit trail), rebuilding it would lose rows.
 */
function copyAllRows(live: BetterSqlite3.Database): void {
  const kept = tablesWrittenByTriggers(live)
  const written = dataTables(live).filter((t) => !kept.includes(t))
  const copy = (table: string) => {
    const columns = (live.pragma(`main.table_info("${table}")`) as { name: string }[]).map((c) => `"${c.name}"`).join(', ')
    live.prepare(`INSERT INTO main."${table}" (${columns}) SELECT ${columns} FROM restore_source."${table}"`).run()
  }
  const empty = (table: string) => live.prepare(`DELETE FROM main."${table}"`).run()
  live.transaction(() => {
    live.pragma('defer_foreign_keys = ON')
    kept.forEach(empty)
    ;[...written].reverse().forEach(empty)
    written.forEach(copy)
    kept.forEach(empty)
    kept.forEach(copy)
  })()
}

/** A backup under a temporary name, brought to this version's schema; refused when newer. */
async function preparedCopy(ctx: CoreContext, name: string): Promise<string> {
  const temp = tempPathIn(ctx.backupDir, `restore-${Date.now()}.sqlite`)
  copyFileSync(join(ctx.backupDir, name), temp)
  privateDatabaseFile(temp)
  const copy = openDatabase(temp)
  try {
    const known = new Set(Object.keys(migrations))
    if ((await appliedMigrations(copy.db)).some((m) => !known.has(m))) {
      throw new AppError('backup-newer-version', `備份「${name}」由較新版本的程式建立，這個版本無法還原它。請先更新程式。`)
    }
    await migrateToLatest(copy.db)
    copy.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    await copy.close()
  }
  return temp
}

/** A refusal as it was; anything else (a damaged backup, a full disk) named, with what it did not change. */
const failure = (name: string, error: unknown) =>
  error instanceof AppError && error.code === 'backup-newer-version'
    ? error
    : new AppError('restore-failed', `無法還原「${name}」（${(error as Error).message}）。目前的資料沒有任何變更，所有備份都保留著。`)

/**
 * Brings a backup's data back into the running app: first a backup of the state now (the way
 * back), then — in one transaction on the live connection, so every open handle sees it at once —
 * every table emptied and refilled from the backup. A backup from an older version is migrated
 * (on a temporary copy) first; one from a newer version is refused.
 *
 * Backups taken before a restore are counted apart from those taken before imports, and pruned
 * only once the restore has succeeded: restoring the oldest of ten pre-import backups deletes
 * none of them, and a restore that fails removes its own safety backup (the data it holds is
 * the live data, unchanged) and nothing else, however often it is retried. (Restoring the oldest
 * kept safety backup may prune it once it succeeded: its data is then the live data.)
 */
export async function restoreBackup(ctx: CoreContext, name: string, operator: string): Promise<{ restored: string; safetyBackup: string }> {
  if (!listNames(ctx.backupDir).includes(name)) throw new AppError('backup-not-found', `找不到備份「${name}」。`)
  const meta = readMeta(ctx.backupDir, name)
  if (isFromNewerVersion(ctx, meta)) {
    throw new AppError('backup-newer-version', `備份「${name}」由較新版本（${meta?.appVersion}）的程式建立，這個版本無法還原它。請先更新程式。`)
  }
  let temp: string | null = null
  try {
    temp = await preparedCopy(ctx, name)
    const source = temp
    // Imports and restores share one queue (see import/queue.ts); holding kysely's connection
    // keeps every other query out from the safety backup to the end of the swap.
    const safetyBackup = await ctx.db.connection().execute(async () => {
      const safety = await writeBackup(ctx, `${operator} 還原「${name}」之前`, 'restore')
      const live = ctx.sqlite
      live.prepare('ATTACH DATABASE ? AS restore_source').run(source)
      try {
        copyAllRows(live)
      } catch (error) {
        removeBackup(ctx.backupDir, safety)
        throw error
      } finally {
        live.prepare('DETACH DATABASE restore_source').run()
      }
      return safety
    })
    prune(ctx.backupDir, 'restore', KEEP_SAFETY_BACKUPS)
    return { restored: name, safetyBackup }
  } catch (error) {
    throw failure(name, error)
  } finally {
    if (temp) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${temp}${suffix}`, { force: true })
  }
}
