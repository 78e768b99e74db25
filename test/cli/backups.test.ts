import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { backupCore, importRosterAt } from '../helpers/backupCore'
import { runCli } from '../helpers/cli'
import { tempDir } from '../helpers/tempCore'

// `backups list` and `backups restore` for IT staff: the same core, the same refusals as 設定.

let db: string
let backupDir: string
let first: string
let second: string
beforeEach(async () => {
  const t = await backupCore()
  first = (await importRosterAt(t, '2025-10-17 09:00', '林小華')).backup!
  second = (await importRosterAt(t, '2025-10-17 10:00', '林曉華')).backup!
  await importRosterAt(t, '2025-10-17 11:00', '林筱華')
  ;({ dbFile: db, backupDir } = t.core.ctx)
  await t.core.close()
})

const names = () => {
  const sqlite = new BetterSqlite3(db, { readonly: true })
  const rows = sqlite.prepare('SELECT name FROM students ORDER BY student_no').all() as { name: string }[]
  sqlite.close()
  return rows.map((r) => r.name)
}
/** The backups on disk, newest first (read directly: each CLI run costs seconds). */
const onDisk = () => readdirSync(backupDir).filter((n) => n.endsWith('.sqlite')).sort().reverse()
const reasonOf = (name: string) => JSON.parse(readFileSync(join(backupDir, name.replace('.sqlite', '.json')), 'utf8')).reason

describe('cli backups', () => {
  it('lists the backups newest first with ROC time, reason and size; --json gives what 設定 lists', () => {
    const run = runCli(['backups', 'list', '--db', db])
    expect(run.status, run.stderr).toBe(0)
    const lines = run.stdout.trim().split('\n')
    expect(lines[0]).toBe(`備份資料夾：${backupDir}`)
    expect(lines[1]).toMatch(new RegExp(`^receipt-desk-20251017-110000\\.sqlite　114/10/17 11:00　匯入「名冊\\.csv」之前　\\d+ KB$`))
    expect(lines.slice(1).map((l) => l.split('　')[0])).toEqual(['receipt-desk-20251017-110000.sqlite', second, first])
    const json = runCli(['backups', 'list', '--db', db, '--json'])
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ name: 'receipt-desk-20251017-110000.sqlite', takenAt: '2025-10-17 11:00:00', reason: '匯入「名冊.csv」之前', newerVersion: false }),
      expect.objectContaining({ name: second }),
      expect.objectContaining({ name: first }),
    ])
  })

  it('restores only with --yes: without it, says what would be replaced and changes nothing', () => {
    const help = runCli(['backups', '--help'])
    expect(help.stdout).toContain('backups restore NAME --db FILE --yes')
    expect(help.stdout).toContain('必須加 --yes 確認')

    const asked = runCli(['backups', 'restore', second, '--db', db])
    expect(asked.status).toBe(1)
    expect(asked.stderr).toContain('還原會把所有資料還原到 114/10/17 10:00 的備份（匯入「名冊.csv」之前）')
    expect(asked.stderr).toContain('請加上 --yes 再執行一次')
    expect(names()).toEqual(['林筱華', '陳大明'])
    expect(onDisk()).toHaveLength(3)

    const run = runCli(['backups', 'restore', second, '--db', db, '--yes'])
    expect(run.status, run.stderr).toBe(0)
    const safety = onDisk()[0]
    expect(run.stdout.trim()).toBe(`已還原「${second}」（114/10/17 10:00 的備份）。還原前的資料已另存為「${safety}」。`)
    expect(reasonOf(safety)).toBe(`陳怡君 還原「${second}」之前`)
    expect(names()).toEqual(['林小華', '陳大明'])
  })

  it('refuses a backup of a newer version, an unknown name and a missing DB, changing nothing', () => {
    const note = join(backupDir, second.replace('.sqlite', '.json'))
    writeFileSync(note, JSON.stringify({ ...JSON.parse(readFileSync(note, 'utf8')), appVersion: '99.0.0' }))
    expect(runCli(['backups', 'list', '--db', db]).stdout).toMatch(new RegExp(`${second}　114/10/17 10:00　匯入「名冊\\.csv」之前　\\d+ KB　※ 由較新版本（99\\.0\\.0）建立，無法還原`))
    const newer = runCli(['backups', 'restore', second, '--db', db, '--yes'])
    expect(newer.status).toBe(1)
    expect(newer.stderr).toContain('較新版本（99.0.0）的程式建立，這個版本無法還原它')

    const unknown = runCli(['backups', 'restore', 'receipt-desk-20200101-000000.sqlite', '--db', db, '--yes'])
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toContain('找不到備份「receipt-desk-20200101-000000.sqlite」')
    expect(names()).toEqual(['林筱華', '陳大明'])
    expect(onDisk()).toHaveLength(3)

    const missing = join(tempDir(), 'none.sqlite')
    const run = runCli(['backups', 'list', '--db', missing])
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('找不到資料庫檔案')
    expect(existsSync(missing)).toBe(false)
  })
})
