import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { csvOf } from '../../helpers/importFiles'
import { importBytes } from '../../helpers/importer'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { rows } from '../../helpers/dbRows'

let t: TempCore
beforeEach(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君' })
})
afterEach(() => t.cleanup())

const students = () => rows(t, 'SELECT student_no, national_id, birth_date, homeroom_teacher FROM students ORDER BY student_no')
const HEAD = ['學號', '姓名', '班級', '座號', '身分證號', '出生日期', '導師']

describe('re-importing rosters', () => {
  it('a class list without some columns updates what it has and keeps the rest', async () => {
    await importBytes(t, '名冊.csv', csvOf([HEAD, ['110001', '林小華', '201', '01', 'A123456789', '97/05/01', '王老師']]))
    const summary = await importBytes(t, '導師.csv', csvOf([['學號', '姓名', '班級', '座號', '導師'], ['110001', '林小華', '201', '01', '吳老師']]))
    expect(summary.updated).toBe(1)
    expect(await students()).toEqual([{ student_no: '110001', national_id: 'A123456789', birth_date: '2008-05-01', homeroom_teacher: '吳老師' }])
  })

  it('refuses a national ID that belongs to another student, and lets two listed students swap theirs', async () => {
    await importBytes(t, '名冊.csv', csvOf([HEAD,
      ['110001', '林小華', '201', '01', 'A123456789', '', ''],
      ['110002', '陳大明', '201', '02', 'B223456789', '', ''],
      ['110003', '張美玲', '201', '03', 'C123456789', '', '']]))
    const conflict = await importBytes(t, '新生.csv', csvOf([HEAD, ['110009', '王小強', '202', '01', 'C123456789', '', '']]), { importRest: true })
    expect(conflict.skippedReasons).toEqual([{ sheet: '新生', row: 2, column: null, reason: '身分證號 C12****789 已屬於學號 110003 的學生，這一列未匯入' }])
    const swap = await importBytes(t, '更正.csv', csvOf([HEAD, ['110001', '林小華', '201', '01', 'B223456789', '', ''], ['110002', '陳大明', '201', '02', 'A123456789', '', '']]))
    expect(swap.updated).toBe(2)
    expect((await students()).map((s) => (s as { national_id: string }).national_id)).toEqual(['B223456789', 'A123456789', 'C123456789'])
  })
})

describe('student numbers from a workbook', () => {
  it('keep the leading zeros a 000000 number format shows, so the confirmations of 學號 009123 find the student', async () => {
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('名冊')
    sheet.addRow(HEAD)
    sheet.addRow([9123, '林小華', 201, 1, 'A123456789', '97/05/01', '王老師'])
    sheet.getCell('A2').numFmt = '000000'
    sheet.getCell('C2').numFmt = '0'
    await importBytes(t, '名冊.xlsx', new Uint8Array(await book.xlsx.writeBuffer()))
    expect(await students()).toMatchObject([{ student_no: '009123', national_id: 'A123456789' }])
    const confirmations = await importBytes(t, '收訖.csv', csvOf([
      ['學號', '學年度學期', '項目', '確認狀態', '資料有多'],
      ['009123', '1132', '修課紀錄', '資料錯誤回報', '多了國文'],
    ]))
    expect(confirmations).toMatchObject({ added: 1, skipped: 0 })
  })
})
