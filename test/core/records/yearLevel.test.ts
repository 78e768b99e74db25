import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ROSTER, xlsxOf } from '../../helpers/importFiles'
import { commit, importBytes, stage } from '../../helpers/importer'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { value } from '../../helpers/dbRows'

// A year-level file (113_學生自填多元表現名冊.xlsx, no term column) holds the whole school year
// 113 (DESIGN.md §1): its records show beside both the 1131 and the 1132 reports of that kind,
// it fits the 114 round without a term chosen, and importing it again changes nothing.

const HEAD = ['身分證號', '出生日期', '競賽名稱', '競賽等級', '獎項', '結果公布日期']
const yearBook = () => xlsxOf({
  競賽參與紀錄: [HEAD, ['A123456789', '0970501', '全國中學生英語演講比賽', 3, '佳作', '113/11/20']],
  服務學習紀錄: [['身分證號', '出生日期', '服務名稱', '開始日期'], ['A123456789', '0970501', '淨灘活動', '114/03/02']],
})

let t: TempCore
let studentId: number
beforeEach(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君' })
  await importBytes(t, '學生名冊.xlsx', await xlsxOf({ 名冊: ROSTER }))
  studentId = await value(t, `SELECT id FROM students WHERE student_no = '110001'`)
})
afterEach(() => t.cleanup())

const titles = async (term?: string, reasons: string[] = []) => {
  const records = await t.call('records.list', { studentId, kind: 'performance', ...(term ? { term } : {}), reasons })
  return (records.rows as { term: string; title: string | null; match: unknown }[]).map((r) => `${r.term} ${r.title}${r.match ? ' *' : ''}`)
}

describe('a year-level records file', () => {
  it('imports with no term chosen and fits the round of the year after', async () => {
    const staged = await stage(t, '113_學生自填多元表現名冊.xlsx', await yearBook())
    expect(staged).toMatchObject({ status: 'ready', term: '113', termSource: 'fileName', termNeeded: false, roundNotice: null })
    expect(await commit(t, staged.id)).toMatchObject({ term: '113', added: 2 })
    // A year the round does not confirm is said so, as a term would be.
    const later = await stage(t, '114_學生自填多元表現名冊.xlsx', await yearBook())
    expect(later.roundNotice?.text).toContain('多元表現 114 不在目前梯次')
  })

  it('shows its records beside the reports of both terms, the reasons marking them', async () => {
    await importBytes(t, '113_學生自填多元表現名冊.xlsx', await yearBook())
    await importBytes(t, '多元表現_1131.xlsx', await xlsxOf({ 競賽參與紀錄: [HEAD, ['A123456789', '0970501', '臺北市科學展覽會', 2, '第三名', '113/12/01']] }))
    expect(await titles('1131')).toEqual(['113 淨灘活動', '113 全國中學生英語演講比賽', '1131 臺北市科學展覽會'])
    expect(await titles('1132', ['英語演講比賽的獎項錯了'])).toEqual(['113 淨灘活動', '113 全國中學生英語演講比賽 *'])
    expect(await titles()).toHaveLength(3)
  })

  it('is unchanged when imported again', async () => {
    await importBytes(t, '113_學生自填多元表現名冊.xlsx', await yearBook())
    expect(await importBytes(t, '113_學生自填多元表現名冊.xlsx', await yearBook())).toMatchObject({ added: 0, updated: 0, vanished: 0, unchanged: 2, backup: null })
  })
})
