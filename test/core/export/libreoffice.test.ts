import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WORKBOOKS, type ExportOptions } from '../../../src/shared/contract/export'
import { writeWorkbook } from '../../../src/core/export/write'
import { seedExportSchool, type SeedSchool } from '../../helpers/seedExport'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { csvOf, pdfOf, pdfPages } from './helpers'

// A real spreadsheet program opens every workbook: LibreOffice converts each to CSV (every
// sheet, cells as shown) and prints two to PDF. The dates prove the ROC number format works
// outside Excel too: LibreOffice shows the date cells as 114/10/22.

let t: TempCore
let school: SeedSchool
const files: Record<string, string> = {}
const results: Record<string, { sheets: string[] }> = {}
let csv: Record<string, Record<string, string[][]>>

beforeAll(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君', schoolName: '臺北市立示範高級中學' })
  school = await seedExportSchool(t.core.ctx.db)
  const variants: [string, ExportOptions][] = [
    ...WORKBOOKS.map((w): [string, ExportOptions] => [w, { workbook: w, includeFullNationalId: false }]),
    ['gregorian', { workbook: 'worklist', dateStyle: 'gregorian', includeFullNationalId: false }],
  ]
  for (const [name, options] of variants) {
    files[name] = join(t.dir, `${name}.xlsx`)
    results[name] = await writeWorkbook(t.core.ctx, options, files[name])
  }
  const out = join(t.dir, 'csv')
  mkdirSync(out)
  csv = csvOf(Object.values(files), out)
}, 300_000)
afterAll(() => t.cleanup())

const find = (rows: string[][], first: string) => rows.find((r) => r[0] === first)

describe('LibreOffice opens every workbook', () => {
  it('converts every sheet of the five workbooks to CSV', () => {
    for (const name of WORKBOOKS) expect(Object.keys(csv[name]).sort()).toEqual([...results[name].sheets].sort())
  })

  it('shows the worklist as staff read it, with ROC dates and masked IDs', () => {
    const rows = csv.worklist['回報工作清單']
    const header = rows.findIndex((r) => r[0] === '負責組別')
    expect(rows[header]).toContain('最後異動')
    const data = rows.slice(header + 1).filter((r) => /^\d{3}$/.test(r[1]))
    expect(data).toHaveLength(school.items.length)
    const changed = rows[header].indexOf('最後異動')
    expect(data.map((r) => r[changed])).toContain('114/10/20 15:40')
    for (const r of data) expect(r[changed]).toMatch(/^114\/10\/\d{2} \d{2}:\d{2}$/)
    expect(data.every((r) => /^[A-Z][12]\d\*{4}\d{3}$/.test(r[5]))).toBe(true)
    expect(find(rows, '承辦人')).toBeDefined()
  })

  it('shows Gregorian dates when they were asked for', () => {
    const rows = csv.gregorian['回報工作清單']
    expect(rows.some((r) => r.includes('2025/10/20 15:40'))).toBe(true)
    expect(rows.some((r) => r.includes('114/10/20 15:40'))).toBe(false)
  })

  it('shows the summary tables and the round dates', () => {
    const rows = csv.summary['進度摘要']
    expect(find(rows, '學生再確認')?.slice(0, 3)).toEqual(['學生再確認', '114/10/22 08:00', '114/10/23 10:30'])
    expect(find(rows, '合計')?.[8]).toBe(String(school.items.filter((i) => !i.vanished).length))
    expect(find(csv.summary['各班確認情形'], '全校合計')?.[2]).toBe(String(school.students.length))
  })

  it('shows each class its unconfirmed students and each re-check notice its window', () => {
    for (const [sheet, rows] of Object.entries(csv.unconfirmed)) {
      if (sheet === '總覽') continue
      const students = rows.filter((r) => /^\d{2}$/.test(r[0]))
      expect(students.length).toBeGreaterThan(0)
      for (const r of students) expect(r).toContain('未確認')
    }
    const recheck = Object.entries(csv.recheck).filter(([s]) => s !== '總覽')
    expect(recheck.length).toBeGreaterThan(0)
    for (const [, rows] of recheck) {
      for (const r of rows.filter((x) => /^\d{2}$/.test(x[0]))) expect(r.slice(9, 11)).toEqual(['114/10/22 08:00', '114/10/23 10:30'])
    }
    expect(csv.replies['回報答覆'].some((r) => r.includes('經查核，系統資料與學校紀錄相符，免修正。'))).toBe(true)
  })

  it('prints the summary on one page per sheet and the unconfirmed list one page per class', () => {
    const out = join(t.dir, 'pdf')
    mkdirSync(out)
    const pdf = pdfOf([files.summary, files.unconfirmed], out)
    expect(pdfPages(pdf.summary)).toBe(2)
    expect(pdfPages(pdf.unconfirmed)).toBe(results.unconfirmed.sheets.length)
  }, 300_000)
})
