import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { BackupInfo } from '../../shared/contract/backups'
import type { AppSettings } from '../../shared/contract/settings'
import { formatDateTime } from '../../shared/dates'
import type { DateStyle } from '../../shared/domain'
import type { Core } from '../../core'
import { callCore, UsageError, type Command } from '../command'
import { openCore } from '../openCore'

// The backups of 設定 for IT staff: the same list and the same restore through core's door,
// with the same refusals (a newer version's backup, no operator). Nobody can be asked on the
// command line, so the restore's confirmation is an explicit --yes.

const USAGE = 'backups list --db FILE [--json] | backups restore NAME --db FILE --yes'

const sizeOf = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`)

/** What 設定 shows of a backup: its time (or name), why it was taken, its size. */
function describe(b: BackupInfo, style: DateStyle): string {
  const when = b.takenAt ? formatDateTime(b.takenAt, style) : '（時間不明）'
  const newer = b.newerVersion ? `　※ 由較新版本（${b.appVersion}）建立，無法還原` : ''
  return `${b.name}　${when}　${b.reason ?? '（原因不明）'}　${sizeOf(b.sizeBytes)}${newer}`
}

async function list(core: Core, json: boolean): Promise<number> {
  const backups = await callCore(core, 'backups.list', {})
  if (json) {
    console.log(JSON.stringify(backups))
    return 0
  }
  const { dateStyle } = await callCore(core, 'settings.get', {})
  console.log(`備份資料夾：${core.ctx.backupDir}`)
  console.log(backups.length === 0 ? '目前沒有備份；第一次匯入後就會有。' : backups.map((b) => describe(b, dateStyle)).join('\n'))
  return 0
}

async function restore(core: Core, name: string, yes: boolean): Promise<number> {
  const backups = await callCore(core, 'backups.list', {})
  const backup = backups.find((b) => b.name === name)
  if (!backup) throw new UsageError(`找不到備份「${name}」。可還原的備份請以 backups list --db FILE 查看。`)
  const { dateStyle } = await callCore(core, 'settings.get', {})
  const when = backup.takenAt ? formatDateTime(backup.takenAt, dateStyle) : backup.name
  if (!yes && !backup.newerVersion) {
    throw new UsageError(
      `還原會把所有資料還原到 ${when} 的備份（${backup.reason ?? backup.name}）：之後匯入或處理的資料都會被取代（還原前會先備份目前的資料）。\n` +
        '確定要還原，請加上 --yes 再執行一次。',
    )
  }
  const result = await callCore(core, 'backups.restore', { name })
  console.log(`已還原「${result.restored}」（${when} 的備份）。還原前的資料已另存為「${result.safetyBackup}」。`)
  return 0
}

export const backupsCommand: Command = {
  name: 'backups',
  summary: '列出資料庫備份（加 --json 輸出 JSON），或以其中一份還原所有資料（與「設定」的還原相同：先備份目前的資料；必須加 --yes 確認）',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { db: { type: 'string' }, json: { type: 'boolean', default: false }, yes: { type: 'boolean', default: false } },
    })
    const [action, name, ...extra] = positionals
    if (action !== 'list' && action !== 'restore') throw new UsageError(`請指定 list 或 restore。\n用法：npm run -s cli -- ${USAGE}`)
    if (action === 'restore' && !name) throw new UsageError('請指定要還原的備份名稱（以 backups list 查看）。')
    const unexpected = action === 'list' ? positionals.slice(1) : extra
    if (unexpected.length) throw new UsageError(`多餘的參數：${unexpected.join(' ')}`)
    if (!values.db) throw new UsageError('請以 --db 指定資料庫檔案。')
    // Opening a missing file would create an empty DB: nothing to list, nothing to restore into.
    if (!existsSync(values.db)) throw new UsageError(`找不到資料庫檔案：${resolve(values.db)}`)
    const core = await openCore(values.db)
    try {
      return action === 'list' ? await list(core, values.json) : await restore(core, name!, values.yes)
    } finally {
      await core.close()
    }
  },
}
