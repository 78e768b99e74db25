import { AppError } from '../../errors'
import { systemClock } from '../../time'
import { appliedMigrations, migrateToLatest } from '../migrate'
import { migrations } from '../migrations'
import { openSqliteStore } from './store'

/**
 * Brings a copy of a backup (a file of its own) to this version's schema, so its rows can be
 * copied into the live DB; refuses one a newer version made.
 */
export async function migrateFileCopy(path: string, name: string): Promise<void> {
  const copy = openSqliteStore(path, { clock: systemClock })
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
}
