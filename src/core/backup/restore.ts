import { copyFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { CoreContext } from '../context'
import { migrateFileCopy } from '../db/sqlite/backupCopy'
import { AppError } from '../errors'
import { privateDatabaseFile } from '../privateFiles'
import { isFromNewerVersion, KEEP_SAFETY_BACKUPS, writeBackup } from './backups'
import { listNames, prune, readMeta, removeBackup, tempPathIn } from './folder'

/** A backup under a temporary name, brought to this version's schema; refused when newer. */
async function preparedCopy(ctx: CoreContext, name: string): Promise<string> {
  const temp = tempPathIn(ctx.backupDir, `restore-${Date.now()}.sqlite`)
  copyFileSync(join(ctx.backupDir, name), temp)
  privateDatabaseFile(temp)
  await migrateFileCopy(temp, name)
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
  const fileOps = ctx.store.file
  if (!fileOps) throw new AppError('restore-local-only', '還原備份只用於這台電腦的資料庫；學校伺服器的資料請由資訊組以 pg_dump 的備份還原。')
  if (!listNames(ctx.backupDir).includes(name)) throw new AppError('backup-not-found', `找不到備份「${name}」。`)
  const meta = readMeta(ctx.backupDir, name)
  if (isFromNewerVersion(ctx, meta)) {
    throw new AppError('backup-newer-version', `備份「${name}」由較新版本（${meta?.appVersion}）的程式建立，這個版本無法還原它。請先更新程式。`)
  }
  let temp: string | null = null
  try {
    temp = await preparedCopy(ctx, name)
    const source = temp
    // Imports and restores share one queue (see import/queue.ts); holding the connection keeps
    // every other query out from the safety backup to the end of the swap.
    const safetyBackup = await fileOps.exclusive(async (file) => {
      const safety = await writeBackup(ctx, file, `${operator} 還原「${name}」之前`, 'restore')
      try {
        await file.replaceFrom(source)
      } catch (error) {
        removeBackup(ctx.backupDir, safety)
        throw error
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
