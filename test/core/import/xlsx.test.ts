import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { openFile } from '../../../src/core/import/reader'
import { tempDir } from '../../helpers/tempCore'

// The known hazard of issue 3: exceljs's streaming reader corrupts a CJK character that falls
// across a chunk boundary. These tests write 100k rows of CJK text and read them back with
// exceljs's reader (which corrupts some: the hazard is real in these very files) and ours.

const ROWS = 100_000
const SUBJECTS = ['國語文', '英語文', '數學', '歷史', '地理', '公民與社會', '物理', '化學', '生物', '地球科學', '音樂', '美術']
const cjk = (i: number) => `${SUBJECTS[i % SUBJECTS.length]}（第${i}列）學生表現良好，積極參與課堂討論`

async function writeBook(useSharedStrings: boolean): Promise<Uint8Array> {
  const filename = join(tempDir(), 'cjk.xlsx')
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename, useSharedStrings })
  const sheet = book.addWorksheet('學期成績')
  sheet.addRow(['身分證號', '科目名稱', '質性文字描述']).commit()
  for (let i = 0; i < ROWS; i++) sheet.addRow([`A1${String(i).padStart(8, '0')}`, SUBJECTS[i % 12], cjk(i)]).commit()
  await sheet.commit()
  await book.commit()
  return new Uint8Array(readFileSync(filename))
}

/** Counts the values that differ from what was written. */
async function mismatches(rows: AsyncIterable<{ row: number; cells: unknown[] }>) {
  let seen = 0
  const wrong: string[] = []
  for await (const { row, cells } of rows) {
    if (row === 1) continue
    const i = row - 2
    seen += 1
    if (cells[1] !== SUBJECTS[i % 12] || cells[2] !== cjk(i)) wrong.push(`${row}: ${String(cells[2])}`)
  }
  return { seen, wrong }
}

/** exceljs's own streaming reader, as it ships. */
async function readPlain(bytes: Uint8Array) {
  const plain = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]) as never, {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
  })
  for await (const sheet of plain) {
    return mismatches(
      (async function* () {
        for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
          yield { row: row.number, cells: (row.values as unknown[]).slice(1) }
        }
      })(),
    )
  }
  throw new Error('no sheet')
}

async function readOurs(bytes: Uint8Array) {
  const file = await openFile(bytes, 'cjk.xlsx')
  for await (const sheet of file.sheets) return mismatches(sheet.rows)
  throw new Error('no sheet')
}

describe('reading 100k rows of CJK text from .xlsx', () => {
  it('corrupts nothing in shared strings — where the plain streaming reader does', async () => {
    const bytes = await writeBook(true)

    // The hazard is real in this very file: exceljs's own streaming reader mangles some rows.
    const plainResult = await readPlain(bytes)
    expect(plainResult.wrong.length).toBeGreaterThan(0)
    expect(plainResult.wrong.join('\n')).toContain('\uFFFD')

    const ours = await readOurs(bytes)
    expect(ours.seen).toBe(ROWS)
    expect(ours.wrong).toEqual([])
  })

  it('corrupts nothing in inline strings of the sheet itself — where the plain reader does', async () => {
    const bytes = await writeBook(false)
    expect((await readPlain(bytes)).wrong.join('\n')).toContain('\uFFFD')
    const ours = await readOurs(bytes)
    expect(ours.seen).toBe(ROWS)
    expect(ours.wrong).toEqual([])
  })
})

describe('reading CJK text from a big CSV', () => {
  it('corrupts no character split across the chunks the parser is fed', async () => {
    const lines = ['身分證號,科目名稱,質性文字描述']
    for (let i = 0; i < 30_000; i++) lines.push(`A1${String(i).padStart(8, '0')},${SUBJECTS[i % 12]},${cjk(i)}`)
    const file = await openFile(new Uint8Array(Buffer.from(lines.join('\r\n'), 'utf8')), 'cjk.csv')
    expect(file.encoding).toBe('utf-8')
    for await (const sheet of file.sheets) {
      const result = await mismatches(sheet.rows)
      expect(result.seen).toBe(30_000)
      expect(result.wrong).toEqual([])
    }
  })
})
