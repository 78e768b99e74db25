import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { openFile, type RawRow } from '../../../src/core/import/reader'
import { sheetXml, workbookParts, zipOf } from '../../helpers/zipOf'

async function readAll(bytes: Uint8Array, fileName: string) {
  const file = await openFile(bytes, fileName)
  const sheets: { name: string; rows: RawRow[] }[] = []
  for await (const sheet of file.sheets) {
    const rows: RawRow[] = []
    for await (const row of sheet.rows) rows.push(row)
    sheets.push({ name: sheet.name, rows })
  }
  return { encoding: file.encoding, format: file.format, sheets }
}

async function refusal(bytes: Uint8Array, fileName: string) {
  try {
    await readAll(bytes, fileName)
  } catch (error) {
    return error as Error & { code: string; detail: unknown }
  }
  throw new Error('expected a refusal')
}

const CSV = '學號,姓名,班級\n0123,林小華,201\n'

describe('text files', () => {
  it('read UTF-8, UTF-8 with BOM, Big5 and UTF-16 to the same rows', async () => {
    const utf8 = Buffer.from(CSV, 'utf8')
    const variants: [Uint8Array, string][] = [
      [utf8, 'utf-8'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]), 'utf-8-bom'],
      [iconv.encode(CSV, 'cp950'), 'big5'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CSV.replace(/,/g, '\t'), 'utf16le')]), 'utf-16le'],
    ]
    for (const [bytes, encoding] of variants) {
      const read = await readAll(bytes, 'roster.csv')
      expect(read.encoding).toBe(encoding)
      expect(read.sheets[0].rows).toEqual([
        { row: 1, cells: ['學號', '姓名', '班級'] },
        { row: 2, cells: ['0123', '林小華', '201'] },
      ])
    }
  })

  it('refuse bytes that are neither UTF-8 nor Big5, naming the file', async () => {
    // 0x80 cannot start a Big5 character and is not UTF-8 either.
    const bytes = Buffer.concat([Buffer.from('學號,姓名\n', 'utf8'), Buffer.from([0x80, 0x80, 0xff, 0x0a])])
    const error = await refusal(bytes, '名冊.csv')
    expect(error.code).toBe('file-encoding')
    expect(error.message).toContain('無法辨識「名冊.csv」的文字編碼')
  })

  it('numbers rows as Excel does (blank lines count) and refuses a malformed quote with the row', async () => {
    const read = await readAll(Buffer.from('標題\n\n學號,姓名\n0123,"林,小華"\n'), 'a.csv')
    expect(read.sheets[0].rows.map((r) => r.row)).toEqual([1, 2, 3, 4])
    expect(read.sheets[0].rows[3].cells).toEqual(['0123', '林,小華'])

    const unclosed = await refusal(Buffer.from('學號,姓名\n0123,林小華\n0124,"王大明\n0125,陳\n'), '名冊.csv')
    expect(unclosed.message).toMatch(/^「名冊\.csv」第 3 列有未成對的引號/)
    expect(unclosed.detail).toEqual({ file: '名冊.csv', row: 3 })
    const stray = await refusal(Buffer.from('學號,姓名\n0123,"林"小華\n'), 'b.csv')
    expect(stray.message).toMatch(/^「b\.csv」第 2 列的引號/)
  })

  it('refuses an empty file by what the bytes are', async () => {
    expect((await refusal(new Uint8Array(), 'x.csv')).message).toBe('「x.csv」是空的檔案，沒有可匯入的資料。')
  })
})

describe('workbooks', () => {
  it('read every sheet with numbers, text, dates, rich text and formulas as plain values', async () => {
    const book = new ExcelJS.Workbook()
    const a = book.addWorksheet('學期成績')
    a.addRow(['修課紀錄'])
    a.addRow([])
    a.addRow(['身分證號', '出生日期', '修課學分', '科目名稱'])
    a.addRow(['A123456789', new Date(Date.UTC(2008, 4, 1)), 2, { richText: [{ text: '國' }, { text: '語文' }] }])
    a.getCell('C4').numFmt = '0'
    a.addRow(['B223456789', 39569, { formula: '1+1', result: 2 }, '數學'])
    book.addWorksheet('補修成績').addRow(['身分證號'])
    const bytes = new Uint8Array(await book.xlsx.writeBuffer())
    const read = await readAll(bytes, '113_2_修課紀錄.xlsx')
    expect(read.format).toBe('xlsx')
    expect(read.sheets.map((s) => s.name)).toEqual(['學期成績', '補修成績'])
    const rows = read.sheets[0].rows
    expect(rows.map((r) => r.row)).toEqual([1, 3, 4, 5])
    expect(rows[2].cells).toEqual(['A123456789', new Date(Date.UTC(2008, 4, 1)), 2, '國語文'])
    expect(rows[3].cells).toEqual(['B223456789', 39569, 2, '數學'])
  })

  it('refuse a truncated workbook and text named .xlsx, naming the file', async () => {
    const book = new ExcelJS.Workbook()
    book.addWorksheet('a').addRow(['身分證號'])
    const bytes = new Uint8Array(await book.xlsx.writeBuffer())
    const truncated = await refusal(bytes.subarray(0, Math.floor(bytes.length / 2)), '修課.xlsx')
    expect(truncated.code).toBe('file-corrupt')
    expect(truncated.message).toContain('無法讀取「修課.xlsx」')
    expect((await refusal(Buffer.from('not a workbook\n'), '名冊.xlsx')).code).toBe('file-corrupt')
    // A web page is one whatever its name: without a table, it says so.
    expect((await refusal(Buffer.from('<html>not a workbook</html>'), '名冊.xlsx')).message).toContain('「名冊.xlsx」是網頁檔，裡面沒有表格')
  })
  it('refuse every damaged copy of a workbook promptly, never waiting forever', async () => {
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('學期成績')
    for (let i = 0; i < 2000; i++) sheet.addRow([`A1${String(i).padStart(8, '0')}`, `國語文${i}`])
    const bytes = new Uint8Array(await book.xlsx.writeBuffer())
    let seed = 7
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647
    const outcomes: string[] = []
    for (let k = 0; k < 40; k++) {
      const damaged = bytes.slice()
      const at = Math.floor(damaged.length * random())
      for (let i = at; i < Math.min(damaged.length, at + 1 + Math.floor(random() * 40)); i++) damaged[i] = Math.floor(random() * 256)
      const started = Date.now()
      // A byte in a field nobody reads (a time stamp) may leave the data intact: then all of it reads.
      const outcome = await readAll(damaged, '修課.xlsx').then(
        (read) => (read.sheets[0]?.rows.length === 2000 && read.sheets[0].rows[1999].cells[1] === '國語文1999' ? 'intact' : 'wrong'),
        (error: { code: string }) => error.code,
      )
      expect(Date.now() - started).toBeLessThan(2000)
      outcomes.push(outcome)
    }
    expect(outcomes.filter((o) => o !== 'file-corrupt' && o !== 'intact')).toEqual([])
    expect(outcomes.filter((o) => o === 'file-corrupt').length).toBeGreaterThan(30)
  })

  it('read workbooks as other programs write them: prefixed elements, rich and phonetic text, formulas, 1904 dates', async () => {
    const ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    const bytes = zipOf({
      '[Content_Types].xml': '<Types/>',
      '_rels/.rels': '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="book/main.xml"/></Relationships>',
      'book/main.xml': `<x:workbook ${ns}><x:workbookPr date1904="1"/><x:sheets><x:sheet name="名冊 &amp; 座號" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>`,
      'book/_rels/main.xml.rels': '<Relationships><Relationship Id="rId7" Type=".../worksheet" Target="sheets/one.xml"/><Relationship Id="rId8" Type=".../sharedStrings" Target="strings.xml"/><Relationship Id="rId9" Type=".../styles" Target="/book/styles.xml"/></Relationships>',
      'book/strings.xml': `<x:sst ${ns}><x:si><x:t>學號</x:t></x:si><x:si><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">林</x:t></x:r><x:r><x:t>小華</x:t></x:r><x:rPh sb="0" eb="1"><x:t>リン</x:t></x:rPh></x:si><x:si/></x:sst>`,
      'book/styles.xml': `<x:styleSheet ${ns}><x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="[$-404]e/m/d;@"/></x:numFmts><x:cellXfs count="3"><x:xf numFmtId="0"/><x:xf numFmtId="164"/><x:xf numFmtId="4"/></x:cellXfs></x:styleSheet>`,
      'book/sheets/one.xml': `<x:worksheet ${ns}><x:sheetData>
        <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>備註&#x3000;&lt;1&gt;</x:t></x:is></x:c></x:row>
        <x:row r="3" spans="1:4"><x:c t="s"><x:v>1</x:v></x:c><x:c s="1"><x:v>0</x:v></x:c><x:c t="str"><x:f>A3&amp;"!"</x:f><x:v>林小華!</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c></x:row>
        <x:row r="4"/>
        <x:row><x:c r="B5" t="e"><x:v>#N/A</x:v></x:c><x:c r="D5" s="2"><x:f t="shared" si="0"/><x:v>1234.5</x:v></x:c><x:c r="E5" t="s"><x:v>2</x:v></x:c></x:row>
      </x:sheetData><x:rowBreaks count="0"/></x:worksheet>`,
    })
    const read = await readAll(bytes, 'other.xlsx')
    expect(read.sheets.map((s) => s.name)).toEqual(['名冊 & 座號'])
    expect(read.sheets[0].rows).toEqual([
      { row: 1, cells: ['學號', null, '備註\u3000<1>'] },
      // 1904 system: serial 0 is 1904-01-01.
      { row: 3, cells: ['林小華', new Date(Date.UTC(1904, 0, 1)), '林小華!', true] },
      // Row 4 holds no value: it is not handed on; the next row without a number is still row 5.
      { row: 5, cells: [null, '#N/A', null, 1234.5, ''] },
    ])
  })
})

describe("Excel's own limits", () => {
  const LIMIT = 32_767
  const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`
  const book = (rows: string, strings?: string) =>
    zipOf(workbookParts(sheetXml(rows), strings ? { 'xl/sharedStrings.xml': `<sst><si><t>${strings}</t></si></sst>` } : {}))

  it('read a cell of 32,767 characters and refuse one more, naming the sheet, row and column', async () => {
    const read = await readAll(book(`<row r="3">${inline('C3', '林'.repeat(LIMIT))}</row>`), '上限.xlsx')
    expect((read.sheets[0].rows[0].cells[2] as string).length).toBe(LIMIT)
    const refused = await refusal(book(`<row r="3">${inline('C3', '林'.repeat(LIMIT + 1))}</row>`), '上限.xlsx')
    expect(refused.code).toBe('cell-too-long')
    expect(refused.message).toMatch(/^「上限\.xlsx」工作表「工作表1」第 3 列 C 欄的內容超過 Excel 儲存格的上限（32,767 字）/)
    expect(refused.detail).toEqual({ file: '上限.xlsx', sheet: '工作表1', row: 3, column: 'C' })
    // Escaped text counts as the characters it stands for.
    expect((await readAll(book(`<row r="1">${inline('A1', '&amp;'.repeat(LIMIT))}</row>`), 'a.xlsx')).sheets[0].rows[0].cells[0]).toBe('&'.repeat(LIMIT))
    const shared = await refusal(book('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', '林'.repeat(LIMIT + 1)), '共用.xlsx')
    expect(shared.message).toMatch(/^「共用\.xlsx」的共用字串第 1 項超過 Excel 儲存格的上限/)
  })

  it('read row 1,048,576 and column XFD, and refuse a row or column past them', async () => {
    const read = await readAll(book(`<row r="1048576">${inline('XFD1048576', '末')}</row>`), '邊界.xlsx')
    expect(read.sheets[0].rows[0].row).toBe(1_048_576)
    expect(read.sheets[0].rows[0].cells[16_383]).toBe('末')
    const row = await refusal(book(`<row r="1048577">${inline('A1048577', 'x')}</row>`), '邊界.xlsx')
    expect(row.message).toMatch(/^「邊界\.xlsx」工作表「工作表1」第 1048577 列超過 Excel 的列數上限（1,048,576 列）/)
    const column = await refusal(book(`<row r="2">${inline('XFE2', 'x')}</row>`), '邊界.xlsx')
    expect(column.message).toMatch(/^「邊界\.xlsx」工作表「工作表1」第 2 列 XFE 欄超過 Excel 的欄數上限（16,384 欄/)
  })

  it('count a sheet\'s rows, not their numbers: 1,048,577 rows all numbered 7 are refused', async () => {
    const refused = await refusal(zipOf(workbookParts(sheetXml('<row r="7"/>'.repeat(1_048_577)))), '同一列.xlsx')
    expect(refused.message).toMatch(/^「同一列\.xlsx」工作表「工作表1」有超過 1,048,576 列，超過 Excel 的列數上限/)
  })

  it('hold text files to the same limits: a field of 32,767 characters, 16,384 columns, 1,048,576 rows', async () => {
    const csv = (text: string) => Buffer.from(text, 'utf8')
    expect((await readAll(csv(`學號,備註\n0123,${'林'.repeat(LIMIT)}\n`), 'a.csv')).sheets[0].rows[1].cells[1]).toHaveLength(LIMIT)
    const field = await refusal(csv(`學號,備註\n0123,${'林'.repeat(LIMIT + 1)}\n`), 'a.csv')
    expect(field.message).toMatch(/^「a\.csv」第 2 列 B 欄的內容超過 Excel 儲存格的上限/)
    expect((await refusal(csv(`學號\n${','.repeat(16_384)}\n`), 'b.csv')).message).toMatch(/^「b\.csv」第 2 列 XFE 欄超過 Excel 的欄數上限/)
    const rows = await refusal(csv('x\n'.repeat(1_048_577)), 'c.csv')
    expect(rows.message).toMatch(/^「c\.csv」第 1048577 列超過 Excel 的列數上限/)
  })
})
