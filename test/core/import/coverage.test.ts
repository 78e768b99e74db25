import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { coverageText } from '../../../src/shared/contract/import'
import { formatDate } from '../../../src/shared/dates'
import { csvOf, type Rows } from '../../helpers/importFiles'
import { importBytes, stage } from '../../helpers/importer'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { column, rows } from '../../helpers/dbRows'

// A confirmation file flags an item 已自最新名單消失 only where it speaks for it (issue 10,
// item 4): the wide results for the students × kinds × terms they list, the problem list for
// the classes × kinds × terms it holds rows of and the days its report times span.

const STUDENTS = [
  ['110001', '林小華', '201', '01'], ['110002', '陳大明', '201', '02'],
  ['110003', '張美玲', '202', '01'], ['110004', '王建國', '202', '02'],
  ['110005', '李雅婷', '203', '01'], ['110006', '黃志明', '203', '02'],
] as const
const ROSTER: Rows = [['學號', '姓名', '班級', '座號'], ...STUDENTS.map((s) => [...s])]

/** Every student reported one course 1132 item (資料有多) and one performance 1131 item (資料有少), on 10/07 + their index. */
const day = (i: number) => `2025/10/${String(7 + i).padStart(2, '0')}`
const WIDE_HEAD = ['學號', '學年度學期', '項目', '確認狀態', '確認時間', '資料有多', '資料有少']
const wideRow = (i: number, kind: '修課紀錄' | '多元表現', reason = kind === '修課紀錄' ? '多了國文' : '少了一筆競賽') => [
  STUDENTS[i][0], kind === '修課紀錄' ? '1132' : '1131', kind, '資料錯誤回報', `${day(i)} 20:00`,
  kind === '修課紀錄' ? reason : '', kind === '多元表現' ? reason : '',
]
const FULL_WIDE: Rows = [WIDE_HEAD, ...STUDENTS.flatMap((_, i) => [wideRow(i, '修課紀錄'), wideRow(i, '多元表現')])]

const LIST_HEAD = ['學號', '學年度學期', '項目', '錯誤別', '問題描述', '回報時間']
const listRow = (i: number, kind: '修課紀錄' | '多元表現') =>
  kind === '修課紀錄' ? [STUDENTS[i][0], '1132', kind, '資料有多', '多了國文', `${day(i)} 20:00:00`]
    : [STUDENTS[i][0], '1131', kind, '資料有少', '少了一筆競賽', `${day(i)} 20:00:00`]
const FULL_LIST: Rows = [LIST_HEAD, ...STUDENTS.flatMap((_, i) => [listRow(i, '修課紀錄'), listRow(i, '多元表現')])]

let t: TempCore
beforeEach(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-15 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君' })
  await importBytes(t, '學生名冊.csv', csvOf(ROSTER))
})
afterEach(() => t.cleanup())

/** The vanished items, as 'student no|kind'. */
const vanished = () =>
  column<string>(t, `SELECT s.student_no || '|' || r.kind AS key FROM report_items r JOIN students s ON s.id = r.student_id
    WHERE r.vanished_at IS NOT NULL ORDER BY 1`)
const importCsv = (name: string, rows: Rows, importRest = false) => importBytes(t, name, csvOf(rows), { importRest })

describe('the wide confirmation results', () => {
  it('flag only the items of the students they list: one class’s file leaves the other classes as they were', async () => {
    await importCsv('收訖確認結果.csv', FULL_WIDE)
    // Class 201 tomorrow: 110001 still reports, 110002 confirmed the course data correct after all.
    const classOnly: Rows = [WIDE_HEAD, wideRow(0, '修課紀錄'), [STUDENTS[1][0], '1132', '修課紀錄', '資料正確無誤', `${day(1)} 21:00`, '', '']]
    const summary = await importCsv('收訖確認結果_201.csv', classOnly)
    expect(summary.reportItems).toMatchObject({ vanished: 1, unchanged: 1 })
    expect(await vanished()).toEqual(['110002|course'])
  })

  it('flag an error type the listed row no longer reports, but not one whose column the file lacks', async () => {
    await importCsv('收訖確認結果.csv', FULL_WIDE)
    // Still reported, with a 資料有少 only: the 資料有多 column is empty, so that item is gone.
    const withColumn: Rows = [WIDE_HEAD, [STUDENTS[0][0], '1132', '修課紀錄', '資料錯誤回報', `${day(0)} 20:00`, '', '少了數學']]
    expect((await importCsv('收訖確認結果_1.csv', withColumn)).reportItems).toMatchObject({ added: 1, vanished: 1 })
    expect(await vanished()).toEqual(['110001|course'])
    // A file without a 資料有多 column says nothing of that type.
    const without: Rows = [['學號', '學年度學期', '項目', '確認狀態', '資料有少'], [STUDENTS[2][0], '1132', '修課紀錄', '資料錯誤回報', '少了數學']]
    expect((await importCsv('收訖確認結果_2.csv', without)).reportItems).toMatchObject({ added: 1, vanished: 0 })
    expect(await vanished()).toEqual(['110001|course'])
  })
})

describe('the problem list', () => {
  it('of one class flags only that class’s unlisted items of the kinds and terms it holds', async () => {
    await importCsv('錯誤回報清單.csv', FULL_LIST)
    // Class 201's list: 110001's two items; 110002 withdrew the course one (and has no performance row).
    const summary = await importCsv('錯誤回報清單_201.csv', [LIST_HEAD, listRow(0, '修課紀錄'), listRow(0, '多元表現'), listRow(1, '多元表現')])
    expect(summary.vanished).toBe(1)
    expect(await vanished()).toEqual(['110002|course'])
  })

  it('of one kind leaves the other kinds’ items as they were', async () => {
    await importCsv('錯誤回報清單.csv', FULL_LIST)
    const performance = [LIST_HEAD, ...STUDENTS.map((_, i) => listRow(i, '多元表現')).filter((_, i) => i !== 3)]
    expect((await importCsv('錯誤回報清單_多元表現.csv', performance)).vanished).toBe(1)
    expect(await vanished()).toEqual(['110004|performance'])
  })

  it('of one day leaves other days’ items as they were, and flags that day’s unlisted ones', async () => {
    // 110001 reported 資料有多 on 10/07 and, on 10/08, also 資料有誤; 110002 reported on 10/08.
    const wrong = [STUDENTS[0][0], '1132', '修課紀錄', '資料有誤', '體育成績錯了', '2025/10/08 12:00:00']
    await importCsv('錯誤回報清單.csv', [...FULL_LIST, wrong])
    // The list of 10/08 without 110001's 資料有誤: only that one is gone, not their 10/07 item.
    const oneDay = [LIST_HEAD, listRow(1, '修課紀錄')]
    expect((await importCsv('錯誤回報清單_1008.csv', oneDay)).vanished).toBe(1)
    expect(await rows(t, `SELECT r.error_type, r.reported_at FROM report_items r WHERE r.vanished_at IS NOT NULL`))
      .toEqual([{ error_type: 'wrong', reported_at: '2025-10-08 12:00:00' }])
  })

  it('that is whole still flags what really vanished, in every class', async () => {
    await importCsv('收訖確認結果.csv', FULL_WIDE)
    const lessTwo = FULL_LIST.filter((row) => !(row[0] === '110002' && row[2] === '多元表現') && !(row[0] === '110006' && row[2] === '修課紀錄'))
    const summary = await importCsv('錯誤回報清單.csv', lessTwo)
    expect(summary.reportItems).toMatchObject({ vanished: 2, unchanged: 10 })
    expect(await vanished()).toEqual(['110002|performance', '110006|course'])
  })

  it('never flags the items of a student named by a row with problems', async () => {
    await importCsv('錯誤回報清單.csv', FULL_LIST)
    // Class 201's list where 110002's row has an unknown 錯誤別: their course item may still be reported.
    const rows = [LIST_HEAD, listRow(0, '修課紀錄'), [STUDENTS[1][0], '1132', '修課紀錄', '資料有問題', '多了國文', `${day(1)} 20:00:00`]]
    const summary = await importCsv('錯誤回報清單_201.csv', rows, true)
    expect(summary).toMatchObject({ skipped: 1, vanished: 0 })
    expect(await vanished()).toEqual([])
  })
})

describe('the import page', () => {
  const staged = async (name: string, rows: Rows) => (await stage(t, name, csvOf(rows))).coverage
  const text = (coverage: Awaited<ReturnType<typeof staged>>) => (coverage ? coverageText(coverage, (d) => formatDate(d)) : null)

  it('says what part of the school a file covers before it is imported', async () => {
    expect(text(await staged('收訖確認結果_201.csv', [WIDE_HEAD, wideRow(0, '修課紀錄'), wideRow(1, '修課紀錄')])))
      .toMatch(/^本檔只含 201 班，修課紀錄；/)
    expect(text(await staged('收訖確認結果_201_202.csv', [WIDE_HEAD, wideRow(0, '多元表現'), wideRow(2, '多元表現')])))
      .toMatch(/^本檔只含 201、202 班，多元表現 1131；/)
    expect(text(await staged('錯誤回報清單_1009.csv', [LIST_HEAD, listRow(2, '修課紀錄')]))).toContain('只含 202 班，修課紀錄，114/10/09 的回報')
    // A file of every class and every kind × term of the round is the whole school: nothing to say.
    const everything = await staged('收訖確認結果_全校.csv', [WIDE_HEAD, ...STUDENTS.flatMap((s, i) => [
      wideRow(i, '修課紀錄'), [s[0], '1132', '幹部經歷', '未確認', '', '', ''], [s[0], '1131', '課程學習成果', '未確認', '', '', ''],
      [s[0], '1132', '課程學習成果', '未確認', '', '', ''], wideRow(i, '多元表現'), [s[0], '1132', '多元表現', '未確認', '', '', ''],
    ])])
    expect(everything).toBeNull()
    // A problem list always names its days: other days' items are not its to flag.
    expect(text(await staged('錯誤回報清單.csv', FULL_LIST))).toContain('114/10/07–114/10/12 的回報')
  })

  it('lists three or more classes in a row as one run', async () => {
    const nine = [['學號', '姓名', '班級', '座號'], ...['204', '205', '206', '207'].map((c, i) => [`12000${i}`, '某生', c, '01'])]
    await importBytes(t, '學生名冊_續.csv', csvOf(nine))
    const rows = [WIDE_HEAD, ...[0, 2, 4].map((i) => wideRow(i, '修課紀錄')), ['120000', '1132', '修課紀錄', '未確認', '', '', ''], ['120002', '1132', '修課紀錄', '未確認', '', '', '']]
    expect((await staged('收訖確認結果.csv', rows))?.classes).toEqual(['201–204', '206'])
  })
})
