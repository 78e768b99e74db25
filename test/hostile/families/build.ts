import { Rng } from '../../fixtures/school'
import type { DeflatedPart } from '../../helpers/zipOf'
import { zipOf } from '../../helpers/zipOf'
import type { BaseFile } from '../bases'

// What the families share: a base workbook with some of its parts replaced, and text made
// from a seed inside a case's bytes() (so a big case costs nothing until it is run).

export const MB = 1024 * 1024

export const xlsxBases = (bases: BaseFile[]) => bases.filter((b) => b.format === 'xlsx')
export const csvBases = (bases: BaseFile[]) => bases.filter((b) => b.format === 'csv')

/** The base workbook with the given parts replaced (or added). */
export function rebuilt(base: BaseFile, replaced: Record<string, string | DeflatedPart>): Uint8Array {
  return zipOf({ ...base.parts, ...replaced })
}

export const FIRST_SHEET = 'xl/worksheets/sheet1.xml'

/** The parts of a workbook worth damaging: its first sheet and every small part the reader reads. */
export function xmlPartsOf(base: BaseFile): string[] {
  return [FIRST_SHEET, 'xl/sharedStrings.xml', 'xl/styles.xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', '_rels/.rels']
    .filter((name) => name in base.parts)
}

/** `length` CJK characters that barely compress: no ratio check stops them, only a limit on text. */
export function randomCjk(seed: number, length: number): string {
  const rng = new Rng(seed)
  const codes = new Uint16Array(length)
  for (let i = 0; i < length; i++) codes[i] = 0x4e00 + Math.floor(rng.next() * 20_000)
  let text = ''
  for (let i = 0; i < length; i += 8192) text += String.fromCharCode(...codes.subarray(i, i + 8192))
  return text
}

/** The sheet's XML with `insert` put before the row where `at` (0–1) of the way through its rows falls. */
export function insertedAt(sheet: string, at: number, insert: string): string {
  const from = sheet.indexOf('<sheetData>')
  const to = sheet.lastIndexOf('</sheetData>')
  const row = sheet.indexOf('<row ', from + Math.floor((to - from) * at))
  const position = row >= 0 && row < to ? row : to
  return sheet.slice(0, position) + insert + sheet.slice(position)
}
