import { repeated } from '../../helpers/zipOf'
import type { CaseMaker } from '../corpus'
import { FIRST_SHEET, insertedAt, rebuilt, xlsxBases } from './build'

// Excel's grid: 1,048,576 rows (read) and one more (refused), in a sheet and a CSV; columns
// XFD (read) and XFE or past (refused); row numbers and references that are no numbers, zero,
// negative, fractional, astronomically large, or letters only.

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

export const limitCases: CaseMaker = (bases) => {
  const base = xlsxBases(bases).find((b) => b.key === 'roster')!
  const sheet = base.parts[FIRST_SHEET]
  const row = (r: string, ref: string) => `<row r="${r}"><c r="${ref}" t="inlineStr"><is><t>x</t></is></c></row>`
  const odd: Record<string, string> = {
    'row-0': row('0', 'A0'),
    'row-negative': row('-5', 'A5'),
    'row-fraction': row('7.5', 'A7'),
    'row-letters': row('abc', 'A7'),
    'row-huge': row('1e300', 'A7'),
    'row-past-limit': row('1048577', 'A1048577'),
    'row-at-limit': row('1048576', 'A1048576'),
    'column-xfd': row('4000', 'XFD4000'),
    'column-xfe': row('4000', 'XFE4000'),
    'column-letters-only': row('4000', 'B'),
    'column-digits-only': row('4000', '4000'),
    'column-huge': row('4000', `${'Z'.repeat(1000)}4000`),
    'cell-lowercase': row('4000', 'xfe4000'),
  }
  const oddCases = Object.entries(odd).map(([what, xml]) => ({
    id: `${base.key}/${what}`,
    fileName: base.fileName,
    heavy: false,
    bytes: () => rebuilt(base, { [FIRST_SHEET]: insertedAt(sheet, 1, xml) }),
  }))
  // Rows numbered one after another by position (no r), all the grid's rows and one more.
  const grid = [1_048_576, 1_048_577].map((rows) => ({
    id: `${base.key}/rows-${rows}`,
    fileName: base.fileName,
    heavy: true,
    bytes: () => rebuilt(base, { [FIRST_SHEET]: repeated(`<worksheet ${NS}><sheetData>`, '<row><c t="inlineStr"><is><t>列</t></is></c></row>', rows, '</sheetData></worksheet>') }),
  }))
  const csvGrid = [1_048_576, 1_048_577].map((rows) => ({
    id: `csv/rows-${rows}`,
    fileName: '名冊_百萬列.csv',
    heavy: true,
    bytes: () => new Uint8Array(Buffer.from(`學號,姓名\n${'0123,林\n'.repeat(rows - 1)}`)),
  }))
  const wide = [16_384, 16_385, 100_000].map((columns) => ({
    id: `csv/columns-${columns}`,
    fileName: '名冊_很寬.csv',
    heavy: false,
    bytes: () => new Uint8Array(Buffer.from(`學號,姓名\n0123,${'林,'.repeat(columns - 2)}林\n`)),
  }))
  // As wide as a row may be, in every row the header is looked for in.
  const wideHead = {
    id: 'csv/columns-16384-in-20-rows',
    fileName: '名冊_很寬.csv',
    heavy: false,
    bytes: () => new Uint8Array(Buffer.from(`${'林,'.repeat(16_383)}林\n`.repeat(20))),
  }
  return [...oddCases, ...grid, ...csvGrid, ...wide, wideHead]
}
