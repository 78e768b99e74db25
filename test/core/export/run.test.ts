import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ExportResult } from '../../../src/shared/contract/export'
import type { JobStatus } from '../../../src/shared/contract/jobs'
import { writeWorkbook } from '../../../src/core/export/write'
import { makeReportItem } from '../../helpers/factories'
import { seedExportSchool } from '../../helpers/seedExport'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { readBook } from './helpers'
import { execute } from '../../helpers/dbRows'

// The 匯出 call as the page makes it: a save dialog, then a job with progress; and the
// file-system rules — whole files only, never over an open or read-only one.

let t: TempCore
let asked: string[]
beforeEach(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  asked = []
  // Record the names the app suggests in the save dialog.
  const host = t.host
  const pick = host.pickSavePath.bind(host)
  Object.assign(host, {
    pickSavePath: async (name: string) => {
      asked.push(name)
      return pick()
    },
  })
})
afterEach(() => t.cleanup())

const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'))

describe('export.run', () => {
  it('suggests a zh-TW file name with the ROC date, writes as a job and reports progress to the end', async () => {
    await seedExportSchool(t.core.ctx.db)
    const target = join(t.dir, '註冊組清單.xlsx')
    t.host.savePaths.push(target)
    const started = await t.call('export.run', { workbook: 'worklist', section: 'registration' })
    expect(asked).toEqual(['回報工作清單_教務處註冊組_1141017.xlsx'])
    expect(started).toEqual({ state: 'started', jobId: expect.any(String), path: target })
    if (started.state !== 'started') return
    const result = await t.core.ctx.jobs.wait<ExportResult>(started.jobId)
    expect(result).toMatchObject({ path: target, sheets: ['回報工作清單'] })
    expect(result.rows).toBeGreaterThan(0)
    const status = (await t.call('jobs.get', { id: started.jobId })) as JobStatus
    expect(status.state).toBe('done')
    expect(status.progress).toMatchObject({ done: result.rows, total: result.rows })
    expect((await readBook(target)).getWorksheet('回報工作清單')).toBeDefined()
    expect(leftovers(t.dir)).toEqual([])
  })

  it('does nothing when the save dialog is cancelled', async () => {
    t.host.savePaths.push(null)
    expect(await t.call('export.run', { workbook: 'summary', dateStyle: 'gregorian' })).toEqual({ state: 'cancelled' })
    expect(asked).toEqual(['進度摘要_全部組別_20251017.xlsx'])
  })

  it('adds .xlsx when the chosen name has none', async () => {
    t.host.savePaths.push(join(t.dir, '摘要'))
    const started = await t.call('export.run', { workbook: 'summary' })
    expect(started).toMatchObject({ state: 'started', path: join(t.dir, '摘要.xlsx') })
    if (started.state === 'started') await t.core.ctx.jobs.wait(started.jobId)
    expect(existsSync(join(t.dir, '摘要.xlsx'))).toBe(true)
  })

  it('writes a workbook that says so when there is nothing to export', async () => {
    t.host.savePaths.push(join(t.dir, 'empty.xlsx'))
    const started = await t.call('export.run', { workbook: 'unconfirmed' })
    if (started.state !== 'started') throw new Error('not started')
    const result = await t.core.ctx.jobs.wait<ExportResult>(started.jobId)
    expect(result.sheets).toEqual(['總覽'])
  })

  it('tells the page what there is to export', async () => {
    expect(await t.call('export.overview', {})).toEqual({
      students: 0, confirmations: 0, reportItems: 0, roundName: '114 學年度收訖明細確認',
    })
    const school = await seedExportSchool(t.core.ctx.db)
    const overview = await t.call('export.overview', {})
    expect(overview.students).toBe(school.students.length)
    expect(overview.reportItems).toBe(school.items.length + 1) // and last year's item
  })
})

describe('where a workbook may be written', () => {
  const old = 'the previous export'

  it('refuses a file Excel has open (its ~$ owner file beside it), leaving it untouched', async () => {
    const target = join(t.dir, '清單.xlsx')
    writeFileSync(target, old)
    writeFileSync(join(t.dir, '~$清單.xlsx'), 'owner')
    t.host.savePaths.push(target)
    await expect(t.call('export.run', { workbook: 'worklist' })).rejects.toThrow(
      '「清單.xlsx」正由 Excel 或其他程式開啟中，無法覆寫。請先關閉該檔案再匯出，或另存新檔名。',
    )
    expect(readFileSync(target, 'utf8')).toBe(old)
  })

  it('refuses a file LibreOffice has open', async () => {
    const target = join(t.dir, 'list.xlsx')
    writeFileSync(join(t.dir, '.~lock.list.xlsx#'), 'lock')
    await expect(writeWorkbook(t.core.ctx, { workbook: 'summary', includeFullNationalId: false }, target)).rejects.toThrow(
      '正由 Excel 或其他程式開啟中',
    )
    expect(existsSync(target)).toBe(false)
  })

  it('refuses a read-only file', async () => {
    const target = join(t.dir, 'readonly.xlsx')
    writeFileSync(target, old)
    chmodSync(target, 0o444)
    await expect(writeWorkbook(t.core.ctx, { workbook: 'summary', includeFullNationalId: false }, target)).rejects.toThrow(
      '「readonly.xlsx」是唯讀檔案，無法覆寫。',
    )
    expect(readFileSync(target, 'utf8')).toBe(old)
  })

  it('refuses a folder that does not exist, and a name that is not .xlsx', async () => {
    const options = { workbook: 'summary' as const, includeFullNationalId: false }
    await expect(writeWorkbook(t.core.ctx, options, join(t.dir, 'nope', 'a.xlsx'))).rejects.toThrow('找不到要儲存的資料夾')
    await expect(writeWorkbook(t.core.ctx, options, join(t.dir, 'a.csv'))).rejects.toThrow('匯出的檔名必須以 .xlsx 結尾')
  })

  it('replaces an earlier export that is closed and writable', async () => {
    const target = join(t.dir, 'again.xlsx')
    writeFileSync(target, old)
    await writeWorkbook(t.core.ctx, { workbook: 'summary', includeFullNationalId: false }, target)
    expect((await readBook(target)).worksheets.map((s) => s.name)).toEqual(['進度摘要', '各班確認情形'])
  })

  it('leaves no half-written file when an export fails midway, and the previous file as it was', async () => {
    const target = join(t.dir, 'broken.xlsx')
    writeFileSync(target, old)
    for (let i = 0; i < 30; i++) await makeReportItem(t.core.ctx.db, { term: '1132' })
    // The rows are read in chunks while the file is written; pull the table out from under it.
    await execute(t, 'DROP TABLE notes')
    await expect(writeWorkbook(t.core.ctx, { workbook: 'worklist', includeFullNationalId: false }, target)).rejects.toThrow()
    expect(readFileSync(target, 'utf8')).toBe(old)
    expect(leftovers(t.dir)).toEqual([])
  })
})
