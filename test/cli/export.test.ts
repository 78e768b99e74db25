import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KIND_LABELS } from '../../src/shared/domain'
import { runCli } from '../helpers/cli'
import { seedExportSchool, type SeedSchool } from '../helpers/seedExport'
import { fixedClock, tempCore, tempDir, type TempCore } from '../helpers/tempCore'
import { listOf, readBook, cellText } from '../core/export/helpers'

let dir: string
let db: string
let school: SeedSchool
let t: TempCore

// The CLI runs on the DB while this process keeps it open, as the app may on the same PC.
beforeAll(async () => {
  dir = tempDir()
  t = await tempCore({ dir, clock: fixedClock('2025-10-17 09:00') })
  school = await seedExportSchool(t.core.ctx.db)
  db = t.dbArg
})
afterAll(() => t.cleanup())

describe('cli export', () => {
  it("writes a section's worklist with Gregorian dates", async () => {
    const out = join(dir, 'reg.xlsx')
    const run = runCli(['export', 'worklist', '--db', db, '--out', out, '--section', 'registration', '--gregorian'])
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain(`已匯出：${out}`)
    const { rows } = listOf((await readBook(out)).getWorksheet('回報工作清單')!)
    expect(rows).toHaveLength(school.items.filter((i) => i.section === 'registration').length)
    expect(new Set(rows.map((r) => cellText(r['項目'])))).toEqual(new Set([KIND_LABELS.course, KIND_LABELS.outcome]))
    expect(rows.find((r) => r['最後異動'].value)?.['最後異動'].numFmt).toBe('yyyy/mm/dd hh:mm')
  })

  it('refuses an unknown workbook, a bad section and a read-only target with exit code 1', () => {
    const unknown = runCli(['export', 'everything', '--db', db, '--out', join(dir, 'x.xlsx')])
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toContain('沒有「everything」這種匯出檔')

    const section = runCli(['export', 'summary', '--db', db, '--out', join(dir, 'x.xlsx'), '--section', 'office'])
    expect(section.status).toBe(1)
    expect(section.stderr).toContain('選項 --section 的值不正確')

    const locked = join(dir, 'locked.xlsx')
    writeFileSync(locked, 'keep me')
    chmodSync(locked, 0o444)
    const readOnly = runCli(['export', 'summary', '--db', db, '--out', locked])
    expect(readOnly.status).toBe(1)
    expect(readOnly.stderr).toContain('「locked.xlsx」是唯讀檔案，無法覆寫')
    expect(readFileSync(locked, 'utf8')).toBe('keep me')
  })

  it('prints the school and the operator set with `cli settings` in every workbook', async () => {
    const set = runCli(['settings', '--db', db, '--operator', '王小明', '--section', '教務處註冊組', '--school', '臺北市立測試高級中學'])
    expect(set.status, set.stderr).toBe(0)
    expect(set.stdout).toContain('學校名稱：臺北市立測試高級中學')
    const out = join(dir, 'summary.xlsx')
    const run = runCli(['export', 'summary', '--db', db, '--out', out])
    expect(run.status, run.stderr).toBe(0)
    const book = await readBook(out)
    const sheet = book.worksheets[0]
    expect(sheet.headerFooter.oddHeader).toContain('臺北市立測試高級中學')
    expect(book.creator).toBe('王小明')

    const refused = runCli(['settings', '--db', db, '--section', '教務處'])
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('不認得的組別「教務處」')
  })

  it('refuses a DB file that does not exist instead of creating one', () => {
    const missing = join(dir, 'missing.sqlite')
    const run = runCli(['export', 'summary', '--db', missing, '--out', join(dir, 'y.xlsx')])
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('找不到資料庫檔案')
    expect(existsSync(missing)).toBe(false)
  })
})

