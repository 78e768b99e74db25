import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { openFile, type RawRow } from '../../../src/core/import/reader'
import { LIMITS } from '../../../src/core/import/limits'
import { bookOf, passwordOds, passwordXls, passwordXlsx } from '../../helpers/sheetjsBooks'

// The books SheetJS reads (issue 13): cells typed as the .xlsx reader types them, and what
// cannot be read refused by name — a password first of all, with what to do about it.

async function readAll(bytes: Uint8Array, fileName: string) {
  const file = await openFile(bytes, fileName)
  const sheets: { name: string; rows: RawRow[] }[] = []
  for await (const sheet of file.sheets) {
    const rows: RawRow[] = []
    for await (const row of sheet.rows) rows.push(row)
    sheets.push({ name: sheet.name, rows })
  }
  return { format: file.format, encoding: file.encoding, sheets }
}

async function refusal(bytes: Uint8Array, fileName: string) {
  try {
    await readAll(bytes, fileName)
  } catch (error) {
    return error as Error & { code: string }
  }
  throw new Error('expected a refusal')
}

const ROWS = [
  ['名冊', null, null, null],
  [],
  ['學號', '姓名', '生日', '確認時間'],
  [{ v: 9123, z: '000000' }, '林小華', { v: 39600, z: 'yyyy/mm/dd' }, { v: 45938.852592592596, z: 'yyyy/mm/dd hh:mm:ss' }],
  ['012345', '王大明', '97/05/01', 85],
]

describe('old .xls and .ods', () => {
  it.each([['xls'], ['ods']] as const)('read .%s rows numbered as the sheet shows them, typed as an .xlsx\'s cells', async (type) => {
    const read = await readAll(bookOf('名冊', ROWS, type), `名冊.${type}`)
    expect(read.format).toBe(type)
    expect(read.sheets).toEqual([{
      name: '名冊',
      rows: [
        { row: 1, cells: ['名冊'] },
        { row: 3, cells: ['學號', '姓名', '生日', '確認時間'] },
        // A 000000 number is the text it shows; a date-formatted number a wall-clock Date.
        { row: 4, cells: ['009123', '林小華', new Date('2008-06-01T00:00:00Z'), new Date('2025-10-08T20:27:44Z')] },
        { row: 5, cells: ['012345', '王大明', '97/05/01', 85] },
      ],
    }])
  })

  it('refuse a book with a password, saying so and what to do, whatever it is named', async () => {
    for (const [bytes, name] of [[passwordXls(), '名冊.xls'], [passwordXlsx(), '名冊.xlsx']] as const) {
      const error = await refusal(bytes, name)
      expect(error.code).toBe('file-encrypted')
      expect(error.message).toBe(`「${name}」：這個活頁簿有密碼保護，請在 Excel 移除密碼後另存再匯入。`)
    }
    const ods = await refusal(passwordOds(), '名冊.ods')
    expect(ods.message).toBe('「名冊.ods」：這個活頁簿有密碼保護，請在 LibreOffice 移除密碼後另存再匯入。')
  })

  it('refuse a damaged .xls by name, and one past the size cap before parsing it', async () => {
    const stub = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])
    const damaged = await refusal(stub, '名冊.xls')
    expect(damaged.code).toBe('file-corrupt')
    expect(damaged.message).toMatch(/^無法讀取「名冊\.xls」：檔案已損毀或不是有效的Excel 活頁簿（\.xls）/)
    const huge = Buffer.alloc(LIMITS.xlsBytes + 1)
    stub.copy(huge)
    const tooBig = await refusal(huge, '大檔.xls')
    expect(tooBig.code).toBe('file-too-big')
    expect(tooBig.message).toContain('「大檔.xls」')
  })
})

describe('web pages named .xls', () => {
  const page = (charset: string, body: string) =>
    `<html><head>${charset}<title>匯出</title></head><body><table><tr><td>學號</td><td>姓名</td></tr>${body}</table></body></html>`
  const row = '<tr><td>012345</td><td>林小華 &amp; 陳&lt;一&gt;</td></tr>'

  it('read the table as text, in the charset the page declares or else as a text file is read', async () => {
    const expected = [{ row: 1, cells: ['學號', '姓名'] }, { row: 2, cells: ['012345', '林小華 & 陳<一>'] }]
    const big5 = iconv.encode(page('<meta http-equiv="Content-Type" content="text/html; charset=big5">', row), 'cp950')
    const declared = await readAll(big5, '名冊.xls')
    expect(declared).toMatchObject({ format: 'html', encoding: 'big5' })
    expect(declared.sheets[0].rows).toEqual(expected)
    // A page that says UTF-8 but is Big5 (a server that lies) is read as what it is.
    const lying = iconv.encode(page('<meta charset="utf-8">', row), 'cp950')
    expect((await readAll(lying, '名冊.xls')).sheets[0].rows).toEqual(expected)
    const plain = Buffer.from(page('', row), 'utf8')
    expect(await readAll(plain, '名冊.html')).toMatchObject({ format: 'html', encoding: 'utf-8', sheets: [{ rows: expected }] })
  })

  it('refuse a web page without a table, naming the file', async () => {
    const error = await refusal(Buffer.from('<!DOCTYPE html><html><body><p>登入逾時，請重新登入</p></body></html>'), '名冊.xls')
    expect(error.message).toBe('「名冊.xls」是網頁檔，裡面沒有表格，無法匯入。請在原網站改選匯出 Excel 或 CSV 檔。')
  })
})
