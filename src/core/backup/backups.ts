import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BackupInfo } from '../../shared/contract/backups'
import type { CoreContext } from '../context'
import type { FileSession } from '../db/store'
import { crashTestBackupProgress, crashTestHold } from '../crashTestHold'
import { migrations } from '../db/migrations'
import { privateFolder } from '../privateFiles'
import { nowStamp } from '../time'
import { listNames, prune, publish, readMeta, tempPathIn, type BackupMeta, type BackupPurpose } from './folder'

// A copy of the DB is taken before every import that changes data, into ctx.backupDir; the
// last KEEP_BACKUPS of those are kept. A restore first keeps the present the same way, and the
// last KEEP_SAFETY_BACKUPS of those are kept apart: a restore never pushes out a pre-import
// backup (see restore.ts).

export const KEEP_BACKUPS = 10
export const KEEP_SAFETY_BACKUPS = 3
const PREFIX = 'receipt-desk-'

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((n) => Number.parseInt(n, 10) || 0)
  const pb = b.split(/[.-]/).map((n) => Number.parseInt(n, 10) || 0)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0)
  }
  return 0
}

/** Copies the live DB before an import (consistently, while it stays open) and keeps the newest KEEP_BACKUPS such copies. */
export async function takeBackup(ctx: CoreContext, file: FileSession, reason: string): Promise<string> {
  const name = await writeBackup(ctx, file, reason, 'import')
  prune(ctx.backupDir, 'import', KEEP_BACKUPS)
  await crashTestHold('backup-taken')
  return name
}

/**
 * Copies the live DB under a temporary name, then renames it into place with its note (see
 * folder.ts): a crash at any point leaves no listed backup but a whole one. Prunes nothing.
 */
export async function writeBackup(ctx: CoreContext, file: FileSession, reason: string, purpose: BackupPurpose): Promise<string> {
  privateFolder(ctx.backupDir)
  const stamp = nowStamp(ctx.clock).replace(/[-: ]/g, '')
  const base = `${PREFIX}${stamp.slice(0, 8)}-${stamp.slice(8)}`
  let name = `${base}.sqlite`
  for (let n = 2; existsSync(join(ctx.backupDir, name)); n++) name = `${base}-${n}.sqlite`
  const temp = tempPathIn(ctx.backupDir, name)
  try {
    // Created private: SQLite keeps an existing file's mode, and gives its journal the same.
    writeFileSync(temp, '', { mode: 0o600 })
    await file.copyTo(temp, crashTestBackupProgress())
    const meta: BackupMeta = { takenAt: nowStamp(ctx.clock), reason, appVersion: ctx.version, migrations: await file.migrations(), purpose }
    publish(ctx.backupDir, temp, name, meta)
  } finally {
    rmSync(temp, { force: true })
    rmSync(`${temp}-journal`, { force: true })
  }
  return name
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

export function isFromNewerVersion(ctx: CoreContext, meta: BackupMeta | null): boolean {
  if (!meta) return false
  const known = new Set(Object.keys(migrations))
  return meta.migrations.some((m) => !known.has(m)) || compareVersions(meta.appVersion, ctx.version) > 0
}
