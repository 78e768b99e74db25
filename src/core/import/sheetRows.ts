import type { ImportShape } from '../../shared/contract/import'
import { ERROR_TYPE_LABELS, KIND_LABELS } from '../../shared/domain'
import { maskNationalId } from '../../shared/nationalId'
import { convertConfirmation, convertReport, confirmationKey, reportKey, type ConfirmationRow, type ReportRow } from './kinds/confirmations'
import type { CellProblem, SheetContext } from './kinds/fields'
import { convertRecord, REPEATS_ALLOWED, type RecordRow } from './kinds/records'
import { convertRoster, type RosterRow } from './kinds/roster'
import type { Cell } from './values/cells'

// One data row of a recognised sheet: whether it is data at all, what it converts to, and
// whether the file has had the same row already.

export type Converted = RosterRow | ConfirmationRow | ReportRow | RecordRow


/** Text that ends a table rather than continues it: notes, 以下空白, print dates, page numbers, signature lines. */
const FOOTER = /^\s*(註|※|說明|備註|製表|資料來源|合計|總計|共\s*\d|以下空白|以下無資料|列印|第\s*\d+\s*頁|頁次|承辦|核章|(組長|主任|校長)\s*[:：])/

const isEmptyCell = (c: Cell) => c === null || (typeof c === 'string' && c.trim() === '')

export const isBlank = (cells: Cell[]) => cells.every(isEmptyCell)

/**
 * Footnote rows under a table (註：…, 製表日期…, 第 1 頁，共 1 頁) and repeated header rows are not
 * data. Asked of every row of a 110,000-row file: it allocates nothing for a row of data.
 */
export function isNotData(cells: Cell[], headers: string[]): boolean {
  let filled = 0
  let footer = true
  for (const c of cells) {
    if (isEmptyCell(c)) continue
    filled += 1
    if (typeof c !== 'string' || !FOOTER.test(c)) {
      footer = false
      break
    }
  }
  if (filled > 0 && footer) return true
  if (cells.length <= 1 || !repeatsHeader(cells, headers)) return false
  let named = 0
  for (const h of headers) if (h && ++named > 1) return true
  return false
}

const repeatsHeader = (cells: Cell[], headers: string[]) =>
  cells.every((c, i) => (typeof c === 'string' ? c.trim() : c) === (headers[i] ?? '') || (c === null && !headers[i]))

export function convert(shape: ImportShape, row: number, cells: Cell[], ctx: SheetContext, problems: CellProblem[]): Converted | null {
  switch (shape) {
    case 'roster': return convertRoster(row, cells, ctx, problems)
    case 'confirmationWide': return convertConfirmation(row, cells, ctx, problems)
    case 'confirmationLong': return convertReport(row, cells, ctx, problems)
    default: return convertRecord(shape, row, cells, ctx, problems)
  }
}

/** Who a confirmation row names, as a message may say it: the 學號, or the masked 身分證號. */
const studentLabel = (r: { studentNo: string | null; nationalId: string | null }) => r.studentNo ?? maskNationalId(r.nationalId)

/** The row's identity within the file, to find the same row twice. */
function keyOf(shape: ImportShape, row: Converted): string {
  switch (shape) {
    case 'roster': return (row as RosterRow).studentNo
    case 'confirmationWide': return confirmationKey(row as ConfirmationRow)
    case 'confirmationLong': return reportKey(row as ReportRow)
    default: {
      const r = row as RecordRow
      return `${r.nationalId}|${r.term}|${r.key}`
    }
  }
}

/** The row as a message about its repeat names it. */
function labelOf(shape: ImportShape, row: Converted): string {
  switch (shape) {
    case 'roster': return `學號 ${(row as RosterRow).studentNo}`
    case 'confirmationWide': {
      const r = row as ConfirmationRow
      return `${studentLabel(r)} ${KIND_LABELS[r.kind]} ${r.term}`
    }
    case 'confirmationLong': {
      const r = row as ReportRow
      return `${studentLabel(r)} ${KIND_LABELS[r.kind]} ${r.term} ${ERROR_TYPE_LABELS[r.errorType]}`
    }
    default: return `${maskNationalId((row as RecordRow).nationalId)} 的同一筆資料`
  }
}

const repeatsAllowed = (shape: ImportShape) =>
  shape === 'course' || shape === 'cadre' || shape === 'performance' || shape === 'outcome' ? REPEATS_ALLOWED[shape] : false

/**
 * The rows a file has had so far, across its sheets. The same row twice is a problem, except
 * where a kind's records may repeat (the same course taken twice): the repeat is numbered then.
 */
export class SeenRows {
  private readonly firstRow = new Map<string, number>()

  /** Records the row; the problem it is, if it repeats one it may not. */
  take(shape: ImportShape, converted: Converted, row: number): CellProblem | null {
    const id = keyOf(shape, converted)
    const first = this.firstRow.get(id)
    if (first === undefined) {
      this.firstRow.set(id, row)
      return null
    }
    if (!repeatsAllowed(shape)) return { column: null, reason: `與第 ${first} 列重複（${labelOf(shape, converted)}）` }
    let n = 2
    while (this.firstRow.has(`${id}#${n}`)) n++
    ;(converted as RecordRow).key += `#${n}`
    this.firstRow.set(`${id}#${n}`, row)
    return null
  }
}
