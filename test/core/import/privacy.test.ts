import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { csvOf, ROSTER, xlsxOf } from '../../helpers/importFiles'
import { commit, importBytes, stage } from '../../helpers/importer'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { value } from '../../helpers/dbRows'

// National IDs are personal data: no message the importer shows or stores carries one whole
// (issue 10, item 7) — the import page's problems, a batch's skipped reasons, a refusal.

let t: TempCore
beforeEach(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君' })
  await importBytes(t, '學生名冊.xlsx', await xlsxOf({ 名冊: ROSTER }))
})
afterEach(() => t.cleanup())

/** Any full national ID (a letter and nine digits) in the text. */
const FULL_ID = /[A-Z][0-9]{9}/

const storedReasons = () => value<string>(t, 'SELECT skipped_reasons FROM import_batches ORDER BY id DESC LIMIT 1')

describe('national IDs in import messages', () => {
  it('are masked in the duplicate-row problems of a confirmation file keyed by 身分證號, on the page and in the batch', async () => {
    const wide = csvOf([
      ['身分證號', '學年度學期', '項目', '確認狀態', '資料有多'],
      ['A123456789', '1132', '修課紀錄', '資料錯誤回報', '多了國文'],
      ['A123456789', '1132', '修課紀錄', '資料錯誤回報', '多了國文'],
    ])
    const staged = await stage(t, '收訖確認結果.csv', wide)
    expect(staged.problems).toEqual([
      { sheet: '收訖確認結果', row: 3, column: null, reason: '與第 2 列重複（A12****789 修課紀錄 1132）' },
    ])
    const summary = await commit(t, staged.id, true)
    expect(summary.skipped).toBe(1)
    expect(await storedReasons()).toContain('A12****789')
    expect(await storedReasons()).not.toMatch(FULL_ID)
  })

  it('are masked in the duplicate-row problems of a problem list keyed by 身分證號', async () => {
    const long = csvOf([
      ['身分證號', '學年度學期', '項目', '錯誤別', '問題描述'],
      ['B223456789', '1132', '修課紀錄', '資料有少', '少了數學'],
      ['B223456789', '1132', '修課紀錄', '資料有少', '少了數學甲'],
    ])
    const staged = await stage(t, '錯誤回報清單.csv', long)
    expect(JSON.stringify(staged.problems)).toContain('B22****789')
    expect(JSON.stringify(staged.problems)).not.toMatch(FULL_ID)
    await commit(t, staged.id, true)
    expect(await storedReasons()).not.toMatch(FULL_ID)
  })

  it('are masked where a row names a student the roster lacks, under the column as the file calls it', async () => {
    const cadre = csvOf([['身分證字號（必填）', '學年度學期', '單位名稱', '擔任職務'], ['D123456789', '1132', '201班', '班長']])
    const staged = await stage(t, '幹部經歷.csv', cadre)
    const expected = { sheet: '幹部經歷', row: 2, column: '身分證字號（必填）', reason: expect.stringMatching(/^名冊中沒有身分證號 D12\*{4}789 的學生/) }
    expect(staged.problems).toEqual([expected])
    expect((await commit(t, staged.id, true)).skippedReasons).toEqual([expected])
    expect(await storedReasons()).not.toMatch(FULL_ID)
    const wide = csvOf([['學生學號', '學年度學期', '項目', '確認狀態'], ['999999', '1132', '修課紀錄', '已確認']])
    const confirmations = await stage(t, '收訖確認結果.csv', wide)
    expect(confirmations.problems).toMatchObject([{ column: '學生學號', reason: expect.stringMatching(/^名冊中沒有學號 999999 的學生/) }])
    expect((await commit(t, confirmations.id, true)).skippedReasons).toMatchObject([{ column: '學生學號' }])
  })

  it('are masked wherever a value read from the file comes back in a reason', async () => {
    // The user mapped the ID column where a state belongs: the reason quotes the cell.
    const wide = csvOf([
      ['學號', '學年度學期', '項目', '確認狀態'],
      ['110001', '1132', '修課紀錄', 'C123456789'],
      ['110002', '1132', '修課紀錄', '已確認'],
    ])
    const staged = await stage(t, '收訖確認結果.csv', wide)
    expect(staged.problems).toHaveLength(1)
    expect(staged.problems[0].reason).toContain('C12****789')
    expect(JSON.stringify(staged)).not.toMatch(FULL_ID)
    await commit(t, staged.id, true)
    expect(await storedReasons()).not.toMatch(FULL_ID)
  })
})
