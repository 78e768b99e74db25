import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportSummary } from '../../../src/shared/contract/import'
import { csvOf, ROSTER, xlsxOf } from '../../helpers/importFiles'
import { commit, importBytes, stage, stagedById } from '../../helpers/importer'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { execute } from '../../helpers/dbRows'

let t: TempCore
beforeEach(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君' })
})
afterEach(() => t.cleanup())

const CONFIRMATIONS = csvOf([
  ['學號', '學年度學期', '項目', '確認狀態', '資料有多'],
  ['110001', '1132', '修課紀錄', '資料錯誤回報', '多了國文'],
  ['110002', '1132', '修課紀錄', '未確認', ''],
])

describe('staged files', () => {
  it('report the analysis as a job with progress to the end', async () => {
    const staged = await t.call('import.upload', { fileName: '名冊.xlsx', bytes: await xlsxOf({ 名冊: ROSTER }) as Uint8Array<ArrayBuffer> })
    expect(staged.status).toBe('analysing')
    await t.core.ctx.jobs.wait(staged.jobId!)
    const job = await t.call('jobs.get', { id: staged.jobId! })
    expect(job.state).toBe('done')
    expect(job.progress.total).toBeGreaterThan(0)
    expect(job.progress.done).toBe(job.progress.total)
  })

  it('are imported one at a time, in the order asked: records committed with the roster find its students', async () => {
    const roster = await stage(t, '名冊.xlsx', await xlsxOf({ 名冊: ROSTER }))
    const confirmations = await stage(t, '收訖.csv', CONFIRMATIONS)
    expect(confirmations.unknownStudents).toBe(2)
    const first = await t.call('import.commit', { stagedId: roster.id, importRest: false })
    const second = await t.call('import.commit', { stagedId: confirmations.id, importRest: true })
    const [a, b] = await Promise.all([t.core.ctx.jobs.wait<ImportSummary>(first.jobId), t.core.ctx.jobs.wait<ImportSummary>(second.jobId)])
    expect(a.added).toBe(3)
    expect(b).toMatchObject({ added: 2, skipped: 0 })
  })

  it('refresh their unknown students once a roster is imported', async () => {
    const confirmations = await stage(t, '收訖.csv', CONFIRMATIONS)
    expect(confirmations).toMatchObject({ unknownStudents: 2, problemRows: 2 })
    await importBytes(t, '名冊.xlsx', await xlsxOf({ 名冊: ROSTER }))
    expect(await stagedById(t, confirmations.id)).toMatchObject({ unknownStudents: 0, problemRows: 0, problems: [] })
  })

  it('say when the same bytes were imported before, and can be cancelled', async () => {
    const bytes = csvOf([['學號', '姓名', '班級', '座號'], ['110001', '林小華', '201', '01']])
    await importBytes(t, '名冊.csv', bytes)
    const again = await stage(t, '名冊(1).csv', bytes)
    expect(again.previousImport).toEqual({ importedAt: '2025-10-17 09:00:00', operator: '陳怡君' })
    expect(await t.call('import.discard', { stagedId: again.id })).toEqual({ discarded: true })
    expect((await t.call('import.staged', {})).some((s) => s.id === again.id)).toBe(false)
  })

  it('skip the footer lines under a table (blank-below, print date, page numbers, signatures), in CSV and xlsx', async () => {
    await importBytes(t, '名冊.xlsx', await xlsxOf({ 名冊: ROSTER }))
    const table = [
      ['學號', '學年度學期', '項目', '確認狀態', '資料有多'],
      ['110001', '1132', '修課紀錄', '資料錯誤回報', '多了國文'],
      ['110002', '1132', '修課紀錄', '未確認', ''],
      ['110003', '1132', '修課紀錄', '已確認', ''],
    ]
    const footers = [['以下空白'], ['列印日期：114/10/15'], ['第 1 頁，共 1 頁'], ['頁次：1/3'], ['製表日期：114/10/15'], ['承辦人：', null, '組長：']]
    const csv = await stage(t, '收訖.csv', csvOf([...table, ...footers]))
    expect(csv).toMatchObject({ status: 'ready', rows: 3, problemRows: 0, problems: [] })
    const xlsx = await stage(t, '收訖.xlsx', await xlsxOf({ 收訖: [...table, [], ['以下空白'], ['列印日期：114/10/15', null, null, '第 1 頁，共 1 頁'], ['頁次：1/3']] }))
    expect(xlsx).toMatchObject({ status: 'ready', rows: 3, problemRows: 0, problems: [] })
    expect(await commit(t, csv.id)).toMatchObject({ added: 3, skipped: 0 })
  })

  it('are refused for import without an operator name', async () => {
    const staged = await stage(t, '名冊.xlsx', await xlsxOf({ 名冊: ROSTER }))
    await execute(t, `DELETE FROM settings WHERE key LIKE '%operatorName'`)
    await expect(t.call('import.commit', { stagedId: staged.id, importRest: false })).rejects.toThrow('請先到「設定」填寫您的姓名')
  })
})
