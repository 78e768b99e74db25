import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'

// Small import files written inline by tests: a workbook from arrays of rows, a CSV in a
// chosen encoding. (The realistic school comes from test/fixtures.)

export type Rows = (string | number | Date | null)[][]

export async function xlsxOf(sheets: Record<string, Rows>): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook()
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name)
    for (const row of rows) sheet.addRow(row)
  }
  return new Uint8Array(await book.xlsx.writeBuffer())
}

const quote = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v)
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function csvOf(rows: Rows, encoding: 'utf-8' | 'utf-8-bom' | 'big5' = 'utf-8'): Uint8Array {
  const text = rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n'
  if (encoding === 'big5') return new Uint8Array(iconv.encode(text, 'cp950'))
  const bytes = Buffer.from(text, 'utf8')
  return new Uint8Array(encoding === 'utf-8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes)
}

export const ROSTER: Rows = [
  ['臺北市立範例高級中學 113學年度學生名冊'],
  ['列印日期：114/10/07'],
  [],
  ['學生學號', '學生姓名', '班級名稱', '座位號碼', '身分證字號', '生日', '班導師', '住址'],
  ['110001', '林小華', '201', '01', 'A123456789', '97/05/01', '王老師', '臺北市'],
  [110002, '陳大明', '201', 2, 'b223456789', '2008-06-02', '王老師', null],
  ['110003', '張美玲', '202', '01', 'C123456789', 39600, '李老師', ''],
  [],
  ['註：本名冊僅供校內使用'],
]
