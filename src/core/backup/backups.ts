import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import type { BackupInfo } from '../../shared/contract/backups'
import type { CoreContext } from '../context'
import { appliedMigrations, migrateToLatest, openDatabase } from '../db/connection'
import { migrations } from '../db/migrations'
import { AppError } from '../errors'
import { nowStamp } from '../time'

// A copy of the DB is taken before every import that changes data, into ctx.backupDir, as
// `receipt-desk-YYYYMMDD-HHmmss.sqlite` with a `.json` beside it telling when, why and by
// which version of the app. The last KEEP are kept.

export const KEEP_BACKUPS = 10
const PREFIX = 'receipt-desk-'
const NAME = /^receipt-desk-\d{8}-\d{6}(-\d+)?\.sqlite$/

interface BackupMeta {
  takenAt: string
  reason: string
  appVersion: string
  migrations: string[]
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((n) => Number.parseInt(n, 10) || 0)
  const pb = b.split(/[.-]/).map((n) => Number.parseInt(n, 10) || 0)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0)
  }
  return 0
}

/** The note beside a backup; null when missing or not ours (the backup's own schema still decides). */
function readMeta(dir: string, name: string): BackupMeta | null {
  try {
    const meta = JSON.parse(readFileSync(join(dir, name.replace(/\.sqlite$/, '.json')), 'utf8')) as Partial<BackupMeta>
    if (typeof meta.appVersion !== 'string' || !Array.isArray(meta.migrations)) return null
    return { takenAt: String(meta.takenAt ?? ''), reason: String(meta.reason ?? ''), appVersion: meta.appVersion, migrations: meta.migrations }
  } catch {
    return null
  }
}

/** Copies the live DB (consistently, while it stays open) and keeps the newest KEEP copies. */
export async function takeBackup(ctx: CoreContext, reason: string): Promise<string> {
  mkdirSync(ctx.backupDir, { recursive: true })
  const stamp = nowStamp(ctx.clock).replace(/[-: ]/g, '')
  const base = `${PREFIX}${stamp.slice(0, 8)}-${stamp.slice(8)}`
  let name = `${base}.sqlite`
  for (let n = 2; existsSync(join(ctx.backupDir, name)); n++) name = `${base}-${n}.sqlite`
  await ctx.sqlite.backup(join(ctx.backupDir, name))
  const meta: BackupMeta = {
    takenAt: nowStamp(ctx.clock),
    reason,
    appVersion: ctx.version,
    migrations: migrationsOf(ctx.sqlite),
  }
  writeFileSync(join(ctx.backupDir, name.replace(/\.sqlite$/, '.json')), JSON.stringify(meta, null, 2))
  prune(ctx.backupDir)
  return name
}

/** Read on the raw connection: this runs while an import holds kysely's one connection. */
function migrationsOf(sqlite: BetterSqlite3.Database): string[] {
  return (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name)
}

function prune(dir: string) {
  const all = listNames(dir)
  for (const name of all.slice(KEEP_BACKUPS)) {
    rmSync(join(dir, name), { force: true })
    rmSync(join(dir, name.replace(/\.sqlite$/, '.json')), { force: true })
  }
}

/** Newest first. Names sort by time; a suffix (-2) sorts after its plain twin. */
function listNames(dir: string): string[] {
  if (!existsSync(dir)) return []
  const order = (name: string) => name.replace(/\.sqlite$/, '').replace(/-(\d+)$/, (_, n: string) => `~${n.padStart(4, '0')}`)
  return readdirSync(dir)
    .filter((n) => NAME.test(n))
    .sort((a, b) => (order(a) < order(b) ? 1 : -1))
}

export function listBackups(ctx: CoreContext): BackupInfo[] {
  return listNames(ctx.backupDir).map((name) => {
    const meta = readMeta(ctx.backupDir, name)
    return {
      name,
      takenAt: meta?.takenAt ?? null,
      reason: meta?.reason ?? null,
      appVersion: meta?.appVersion ?? null,
      sizeBytes: statSync(join(ctx.backupDir, name)).size,
      newerVersion: isFromNewerVersion(ctx, meta),
    }
  })
}

function isFromNewerVersion(ctx: CoreContext, meta: BackupMeta | null): boolean {
  if (!meta) return false
  const known = new Set(Object.keys(migrations))
  return meta.migrations.some((m) => !known.has(m)) || compareVersions(meta.appVersion, ctx.version) > 0
}

/** Tables copied back, children after parents (foreign keys are checked at commit anyway). */
function dataTables(sqlite: BetterSqlite3.Database, schema: string): string[] {
  return (
    sqlite
      .prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY rowid`)
      .all() as { name: string }[]
  ).map((r) => r.name)
}

/**
 * Brings a backup's data back into the running app: first a backup of the state now, then —
 * in one transaction on the live connection, so every open handle sees it at once — every
 * table emptied and refilled from the backup. A backup from an older version is migrated
 * (on a temporary copy) first; one from a newer version is refused.
 */
export async function restoreBackup(ctx: CoreContext, name: string, operator: string): Promise<{ restored: string; safetyBackup: string }> {
  if (!listNames(ctx.backupDir).includes(name)) throw new AppError('backup-not-found', `找不到備份「${name}」。`)
  const meta = readMeta(ctx.backupDir, name)
  if (isFromNewerVersion(ctx, meta)) {
    throw new AppError('backup-newer-version', `備份「${name}」由較新版本（${meta?.appVersion}）的程式建立，這個版本無法還原它。請先更新程式。`)
  }
  const temp = join(ctx.backupDir, `.restore-${process.pid}-${Date.now()}.sqlite`)
  copyFileSync(join(ctx.backupDir, name), temp)
  try {
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
    const safetyBackup = await takeBackup(ctx, `${operator} 還原「${name}」之前`)
    // Imports and restores share one queue (see import/queue.ts); holding kysely's connection
    // keeps every other query out while the tables are swapped.
    await ctx.db.connection().execute(async () => {
      const live = ctx.sqlite
      live.prepare('ATTACH DATABASE ? AS restore_source').run(temp)
      try {
        live.transaction(() => {
          live.pragma('defer_foreign_keys = ON')
          const tables = dataTables(live, 'main')
          for (const table of [...tables].reverse()) live.prepare(`DELETE FROM main."${table}"`).run()
          for (const table of tables) live.prepare(`INSERT INTO main."${table}" SELECT * FROM restore_source."${table}"`).run()
        })()
      } finally {
        live.prepare('DETACH DATABASE restore_source').run()
      }
    })
    return { restored: name, safetyBackup }
  } finally {
    rmSync(temp, { force: true })
    rmSync(`${temp}-wal`, { force: true })
    rmSync(`${temp}-shm`, { force: true })
  }
}
