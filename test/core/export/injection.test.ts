import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeWorkbook } from '../../../src/core/export/write'
import { WORKBOOKS } from '../../../src/shared/contract/export'
import { seedExportSchool } from '../../helpers/seedExport'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { csvOf, readBook } from './helpers'
import { editFormulaLikeCells, quotePrefixedCells } from './libreofficeEdit'
import { sqliteOf } from '../../helpers/sqliteOf'

// Spreadsheet injection (OWASP "CSV injection"): students write the reasons, the roster and
// the central system's replies come from files — any of it may start like a formula. Every
// workbook writes such text as a quote-prefixed text cell, so that clicking into the cell and
// pressing Enter, or saving the workbook as CSV, leaves the text and never runs a formula.

const PAYLOADS = [
  '=1+1', '+1+1', '-1+1', '@SUM(1,1)', '\t=1+1', '\r=1+1', '＝1+1', '=HYPERLINK("http://example.com","點我")', '-3',
]
/** Text a spreadsheet program may read as a formula (or number): OWASP's list, and its full-width forms. */
const FORMULA_LIKE = /^[=+\-@\t\r\n＝＋－＠]/

let t: TempCore
const files: Record<string, string> = {}
beforeAll(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君', schoolName: '臺北市立示範高級中學' })
  await seedExportSchool(t.core.ctx.db)
  const s = sqliteOf(t.core)
  // Reasons and replies (students' and the central system's text), names, a teacher, a note.
  const items = s.prepare('SELECT id FROM report_items WHERE vanished_at IS NULL ORDER BY id').pluck().all() as number[]
  PAYLOADS.forEach((p, i) => {
    s.prepare('UPDATE report_items SET reason = ? WHERE id = ?').run(p, items[i])
    s.prepare(`UPDATE report_items SET reply = ?, status = 'resubmitted', resubmitted_at = '2025-10-17 08:00:00' WHERE id = ?`)
      .run(p, items[items.length - 1 - i])
    s.prepare('UPDATE students SET name = ? WHERE id = ?').run(p, i + 1)
  })
  s.prepare(`UPDATE students SET homeroom_teacher = '=1+1' WHERE class_name = '101'`).run()
  s.prepare(`INSERT INTO notes (item_id, at, operator, body) VALUES (?, '2025-10-17 08:30:00', '陳怡君', '+886 2 2345 6789 已致電')`).run(items[20])
  for (const workbook of WORKBOOKS) {
    files[workbook] = join(t.dir, `${workbook}.xlsx`)
    await writeWorkbook(t.core.ctx, { workbook, includeFullNationalId: false }, files[workbook])
  }
}, 120_000)
afterAll(() => t.cleanup())

/** Every cell of every workbook whose text starts like a formula: [workbook, sheet index, sheet, cell]. */
async function formulaLikeCells() {
  const found: { workbook: string; index: number; sheet: string; cell: ExcelJS.Cell }[] = []
  for (const workbook of WORKBOOKS) {
    const book = await readBook(files[workbook])
    book.worksheets.forEach((sheet, index) =>
      sheet.eachRow((row) => row.eachCell((cell) => {
        if (typeof cell.value === 'string' && FORMULA_LIKE.test(cell.value)) found.push({ workbook, index, sheet: sheet.name, cell })
      })))
  }
  return found
}

describe('text that starts like a formula', () => {
  it('is written in every workbook as a text cell with a quote prefix', async () => {
    const cells = await formulaLikeCells()
    // Each payload is somewhere, and each workbook has some.
    for (const p of PAYLOADS) expect(cells.some((c) => c.cell.value === p.replace('\r', '\n')), JSON.stringify(p)).toBe(true)
    for (const workbook of WORKBOOKS) expect(cells.some((c) => c.workbook === workbook), workbook).toBe(true)
    const quoted = Object.fromEntries(await Promise.all(WORKBOOKS.map(async (w) => [w, await quotePrefixedCells(readFileSync(files[w]))])))
    for (const { workbook, index, sheet, cell } of cells) {
      const where = `${workbook} ${sheet}!${cell.address} ${JSON.stringify(cell.value)}`
      expect(cell.type, where).toBe(ExcelJS.ValueType.String)
      expect(cell.formula, where).toBeUndefined()
      expect(quoted[workbook][index].has(cell.address), where).toBe(true)
      expect(cell.numFmt, where).toBe('@')
    }
  })

  it('stays text when LibreOffice edits each such cell and saves the workbook as CSV', async () => {
    const cells = await formulaLikeCells()
    const edited = editFormulaLikeCells(WORKBOOKS.map((w) => files[w]), join(t.dir, 'edited'))
    const csv = csvOf(edited, join(t.dir, 'csv'))
    for (const { workbook, sheet, cell } of cells) {
      const shown = csv[workbook][sheet][Number(cell.row) - 1]?.[Number(cell.col) - 1]
      // LibreOffice drops a leading tab or line break when it reads the file; the rest is the text.
      expect(shown, `${workbook} ${sheet}!${cell.address}`).toBe(String(cell.value).trimStart())
    }
  }, 240_000)

  it('leaves every other cell as it was', async () => {
    const book = await readBook(files.worklist)
    const sheet = book.worksheets[0]
    const header = sheet.getRow(sheet.views[0] && (sheet.views[0] as { ySplit: number }).ySplit)
    const names: string[] = []
    header.eachCell((c) => names.push(String(c.value)))
    const nameColumn = names.indexOf('姓名') + 1
    const plain = sheet.getColumn(nameColumn).values.filter((v) => typeof v === 'string' && !FORMULA_LIKE.test(v) && v !== '姓名')
    expect(plain.length).toBeGreaterThan(10)
    for (let r = 1; r <= sheet.rowCount; r++) {
      const cell = sheet.getRow(r).getCell(nameColumn)
      if (typeof cell.value === 'string' && !FORMULA_LIKE.test(cell.value)) expect(cell.numFmt, cell.address).not.toBe('@')
    }
  })
})
