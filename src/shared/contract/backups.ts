import { z } from 'zod'
import { call } from './define'

export interface BackupInfo {
  /** The file's name in the backup folder; also its id. */
  name: string
  takenAt: string | null
  /** Why it was taken (zh-TW), e.g. 「匯入「名冊.xlsx」之前」. */
  reason: string | null
  appVersion: string | null
  sizeBytes: number
  /** Taken by a newer version of the app: this version cannot restore it. */
  newerVersion: boolean
}

export const backupCalls = {
  'backups.list': call(z.object({})).returns<BackupInfo[]>(),
  /** Restores one backup, after taking a backup of the state now. */
  'backups.restore': call(z.object({ name: z.string().min(1).max(200) })).returns<{ restored: string; safetyBackup: string }>(),
}
