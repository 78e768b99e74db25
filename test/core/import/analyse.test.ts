import { describe, expect, it } from 'vitest'
import { analyseFile } from '../../../src/core/import/analyse'
import { csvOf, ROSTER, xlsxOf } from '../../helpers/importFiles'

const analyse = (bytes: Uint8Array, name: string, options: Partial<Parameters<typeof analyseFile>[2]> = {}) =>
  analyseFile(bytes, name, { saved: new Map(), ...options })

describe('analysing a file', () => {
  it('finds a roster under its title rows, maps aliases and keeps unknown columns aside', async () => {
    const a = await analyse(await xlsxOf({ 名冊: ROSTER }), '學生名冊.xlsx')
    expect(a.refusal).toBeNull()
    expect(a.shape).toBe('roster')
    const sheet = a.sheets[0]
    expect(sheet.headerRow).toBe(4)
    expect(sheet.columns.map((c) => c.field)).toEqual(['studentNo', 'name', 'className', 'seat', 'nationalId', 'birthDate', 'homeroomTeacher', null])
    expect(sheet.rows).toBe(3)
    expect(a.data?.rows).toMatchObject([
      { studentNo: '110001', nationalId: 'A123456789', birthDate: '2008-05-01', grade: 2, extra: { 住址: '臺北市' } },
      { studentNo: '110002', seat: '02', nationalId: 'B223456789', birthDate: '2008-06-02', extra: {} },
      { studentNo: '110003', className: '202', birthDate: '2008-06-01' },
    ])
    // National IDs are masked on screen.
    expect(sheet.preview[0].values).toContain('A12****789')
    expect(sheet.preview[0].values).toContain('097/05/01')
  })

  it('lists rows with bad values with row, column and reason, and keeps the good rows', async () => {
    const bytes = csvOf([
      ['身分證號', '出生日期', '課程代碼', '科目名稱', '修課學分', '學期學業成績', '成績及格', '是否採計學分'],
      ['A123456789', '0970501', '113A00000000000000001', '國語文', 4, 85, 1, 1],
      ['A123456789', '0970501', '113A00000000000000002', '數學', '四', 70, '通過', 1],
      ['A123456789', '0970501', '113A00000000000000001', '國語文', 4, 85, 1, 1],
    ])
    const a = await analyse(bytes, '113_2_修課紀錄.csv')
    expect(a.shape).toBe('course')
    expect(a.term).toBe('1132')
    expect(a.termSource).toBe('fileName')
    expect(a.rows).toBe(3)
    expect(a.problemRows).toBe(2)
    expect(a.problems).toEqual([
      { sheet: '113_2_修課紀錄', row: 3, column: '修課學分', reason: '「四」不是數字' },
      { sheet: '113_2_修課紀錄', row: 3, column: '成績及格', reason: '不認得的及格註記「通過」' },
      { sheet: '113_2_修課紀錄', row: 4, column: null, reason: '與第 2 列重複（A12****789 的同一筆資料）' },
    ])
    expect(a.data?.rows).toHaveLength(1)
  })

  it('asks for a term when neither rows nor file name carry one', async () => {
    const bytes = csvOf([['身分證號', '單位名稱', '擔任職務', '幹部等級'], ['A123456789', '201班', '班長', 2]], 'big5')
    const a = await analyse(bytes, '幹部.csv')
    expect(a.encoding).toBe('Big5（繁體中文 Excel）')
    expect(a.shape).toBe('cadre')
    expect(a.termNeeded).toBe(true)
    expect(a.refusal).toContain('請先選擇學期')
    const chosen = await analyse(bytes, '幹部.csv', { term: '1132' })
    expect(chosen.refusal).toBeNull()
    expect(chosen.termSource).toBe('user')
    expect(chosen.data?.rows).toMatchObject([{ term: '1132', values: ['201班', '班長', null, null, 'class'] }])
  })

  it('tells a performance sheet from cadre by its sheet name, and keeps every column as data', async () => {
    const bytes = await xlsxOf({
      幹部經歷暨事蹟紀錄: [['身分證號', '學年度', '學期', '單位名稱', '擔任職務', '開始日期'], ['A123456789', 113, 1, '學生會', '會長', '113/09/01']],
      競賽參與紀錄: [['身分證號', '學年度', '學期', '競賽名稱', '競賽等級', '獎項', '結果公布日期'], ['A123456789', 113, 1, '英語演講比賽', 3, '佳作', '113/11/20']],
    })
    const a = await analyse(bytes, '多元表現.xlsx')
    expect(a.shape).toBe('performance')
    expect(a.termSource).toBe('column')
    expect(a.data?.rows).toMatchObject([
      { term: '1131', scope: '幹部經歷暨事蹟紀錄', values: ['幹部經歷暨事蹟紀錄', '會長', expect.any(String)] },
      { term: '1131', scope: '競賽參與紀錄', key: '競賽參與紀錄|英語演講比賽|2024-11-20', values: ['競賽參與紀錄', '英語演講比賽', expect.any(String)] },
    ])
    const fields = JSON.parse((a.data!.rows[1] as { values: string[] }).values[2])
    expect(fields).toEqual({ 競賽名稱: '英語演講比賽', 競賽等級: '全國', 獎項: '佳作', 結果公布日期: '2024-11-20' })
  })

  it('takes a file named by a school year alone as that whole year\'s records, asking for no term', async () => {
    const bytes = await xlsxOf({
      競賽參與紀錄: [['身分證號', '出生日期', '競賽名稱', '競賽等級', '獎項', '結果公布日期'], ['A123456789', '0970501', '英語演講比賽', 3, '佳作', '113/11/20']],
      服務學習紀錄: [['身分證號', '出生日期', '服務名稱', '開始日期'], ['A123456789', '0970501', '淨灘活動', '114/03/02']],
    })
    const a = await analyse(bytes, '113_學生自填多元表現名冊.xlsx')
    expect(a.refusal).toBeNull()
    expect(a).toMatchObject({ term: '113', termSource: 'fileName', termNeeded: false })
    expect(a.data?.rows).toMatchObject([{ term: '113', scope: '競賽參與紀錄' }, { term: '113', scope: '服務學習紀錄' }])
    // So is a 學年度 column without 學期, and a year the user chose.
    const yearColumn = csvOf([['身分證號', '學年度', '單位名稱', '擔任職務'], ['A123456789', '113', '學生會', '會長']])
    const cadre = await analyse(yearColumn, '幹部經歷.csv')
    expect(cadre).toMatchObject({ refusal: null, termSource: 'column', data: { rows: [{ term: '113' }] } })
    const noTerm = csvOf([['身分證號', '單位名稱', '擔任職務'], ['A123456789', '學生會', '會長']])
    expect(await analyse(noTerm, '幹部.csv', { term: '113' })).toMatchObject({ refusal: null, term: '113', termSource: 'user', data: { rows: [{ term: '113' }] } })
  })

  it('still asks a confirmation file given a school year alone for its term', async () => {
    const bytes = csvOf([['學號', '項目', '確認狀態'], ['110001', '多元表現', '未確認']])
    const a = await analyse(bytes, '113_收訖確認結果.csv')
    expect(a.termNeeded).toBe(true)
    expect(a.refusal).toBe('「113_收訖確認結果.csv」只看得出學年度（113），收訖確認結果要分學期，請先選擇學期。')
    const column = await analyse(csvOf([['學號', '學年度', '項目', '確認狀態'], ['110001', '113', '多元表現', '未確認']]), '收訖確認結果.csv')
    expect(column.problems).toEqual([{ sheet: '收訖確認結果', row: 2, column: '學年度', reason: '只有學年度（113），沒有學期' }])
  })

  it('refuses a file without a recognisable header, naming the file', async () => {
    const a = await analyse(csvOf([['甲', '乙'], ['1', '2']]), '不明.csv')
    expect(a.shape).toBeNull()
    expect(a.refusal).toMatch(/^認不出「不明\.csv」是哪一種資料/)
    const b = await analyse(csvOf([['123'], ['456']]), '數字.csv')
    expect(b.refusal).toMatch(/^「數字\.csv」找不到標題列/)
  })
})
