import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'

// Reading exported workbooks back, with exceljs and with a real spreadsheet program.

export async function readBook(path: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(path)
  return book
}

export const text = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('')
  return String(value)
}

/** Every cell's text in a sheet, row by row (for "is it anywhere in the file" checks). */
export function allText(sheet: ExcelJS.Worksheet): string {
  const lines: string[] = []
  sheet.eachRow((row) => {
    const cells: string[] = []
    row.eachCell({ includeEmpty: false }, (cell) => cells.push(text(cell.value)))
    lines.push(cells.join('\t'))
  })
  return lines.join('\n')
}

/** The row holding these exact headers, from column 1. */
export function headerRowOf(sheet: ExcelJS.Worksheet, first: string, from = 1): number {
  for (let r = from; r <= sheet.rowCount; r++) if (text(sheet.getRow(r).getCell(1).value) === first) return r
  throw new Error(`no header row starting with ${first} in ${sheet.name}`)
}

/** The table under a header row: each data row as {header: cell}, up to the first blank row. */
export function tableAt(sheet: ExcelJS.Worksheet, headerRow: number) {
  const head = sheet.getRow(headerRow)
  const headers: string[] = []
  head.eachCell({ includeEmpty: true }, (cell, c) => (headers[c - 1] = text(cell.value)))
  const rows: Record<string, ExcelJS.Cell>[] = []
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    if (!row.hasValues) break
    const record: Record<string, ExcelJS.Cell> = {}
    headers.forEach((h, i) => (record[h] = row.getCell(i + 1)))
    rows.push(record)
  }
  return { headers, rows }
}

/** The table of a list sheet: its header row is the frozen one. */
export function listOf(sheet: ExcelJS.Worksheet) {
  const frozen = sheet.views[0] as { ySplit?: number }
  if (!frozen?.ySplit) throw new Error(`${sheet.name} has no frozen header row`)
  return { headerRow: frozen.ySplit, ...tableAt(sheet, frozen.ySplit) }
}

export const cellText = (cell: ExcelJS.Cell | undefined) => text(cell?.value ?? null)

/**
 * Runs LibreOffice headless with a private profile, so parallel runs never share one;
 * `prepare` may put things in the profile first (a macro library). A macro saves where it
 * says: no `outDir`.
 */
export function libreOffice(args: string[], outDir: string | null, prepare?: (profile: string) => void): void {
  const profile = join(tmpdir(), `lo-${randomBytes(6).toString('hex')}`)
  const once = (more: string[]) =>
    execFileSync('libreoffice', [`-env:UserInstallation=file://${profile}`, '--headless', ...more], { stdio: 'pipe', timeout: 240_000 })
  // LibreOffice 7.4 now and then dies on a loaded machine ("Unspecified Application Error",
  // about one run in fifteen with several running at once): a crash of the tool, not a finding.
  const run = (more: string[]) => {
    try {
      return once(more)
    } catch (error) {
      if (!String((error as { stderr?: unknown }).stderr).includes('Unspecified Application Error')) throw error
      return once(more)
    }
  }
  try {
    if (prepare) {
      // A new profile is made on the first start, over whatever is there: make it, then add to it.
      run(['--terminate_after_init'])
      prepare(profile)
    }
    run([...args, ...(outDir ? ['--outdir', outDir] : [])])
  } finally {
    rmSync(profile, { recursive: true, force: true })
  }
}

// Field separator ',', text delimiter '"', UTF-8, from line 1, cells as shown (the 9th
// token: so dates come out formatted as the sheet shows them), every sheet (the 12th: -1).
const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1'

/** Converts workbooks to CSV with LibreOffice: {file base name: {sheet name: rows}}. */
export function csvOf(files: string[], outDir: string): Record<string, Record<string, string[][]>> {
  libreOffice(['--convert-to', CSV_FILTER, ...files], outDir)
  const result: Record<string, Record<string, string[][]>> = {}
  for (const file of files) {
    const base = basename(file, '.xlsx')
    const sheets: Record<string, string[][]> = {}
    for (const name of readdirSync(outDir)) {
      if (!name.startsWith(`${base}-`) || !name.endsWith('.csv')) continue
      const sheet = name.slice(base.length + 1, -'.csv'.length)
      sheets[sheet] = parse(readFileSync(join(outDir, name), 'utf8'), { relaxColumnCount: true }) as string[][]
    }
    result[base] = sheets
  }
  return result
}

/** Prints workbooks to PDF with LibreOffice, as the office's printer would get them. */
export function pdfOf(files: string[], outDir: string): Record<string, string> {
  libreOffice(['--convert-to', 'pdf', ...files], outDir)
  return Object.fromEntries(files.map((f) => [basename(f, '.xlsx'), join(outDir, `${basename(f, '.xlsx')}.pdf`)]))
}

export function pdfPages(pdf: string): number {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1])
}
