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

export const isBlank = (cells: Cell[]) => cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))

/** Text that ends a table rather than continues it: notes, 以下空白, print dates, page numbers, signature lines. */
const FOOTER = /^\s*(註|※|說明|備註|製表|資料來源|合計|總計|共\s*\d|以下空白|以下無資料|列印|第\s*\d+\s*頁|頁次|承辦|核章|(組長|主任|校長)\s*[:：])/

/** Footnote rows under a table (註：…, 製表日期…, 第 1 頁，共 1 頁) and repeated header rows are not data. */
export function isNotData(cells: Cell[], headers: string[]): boolean {
  const filled = cells.filter((c) => !(c === null || (typeof c === 'string' && c.trim() === '')))
  if (filled.length > 0 && filled.every((c) => typeof c === 'string' && FOOTER.test(c))) return true
  return cells.length > 1 && headers.filter(Boolean).length > 1 && cells.every((c, i) => (typeof c === 'string' ? c.trim() : c) === (headers[i] ?? '') || (c === null && !headers[i]))
}

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

/** The row's identity within the file, to find the same row twice; its label is what the user reads. */
function keyOf(shape: ImportShape, row: Converted): { id: string; label: string } {
  switch (shape) {
    case 'roster': {
      const r = row as RosterRow
      return { id: r.studentNo, label: `學號 ${r.studentNo}` }
    }
    case 'confirmationWide': {
      const r = row as ConfirmationRow
      return { id: confirmationKey(r), label: `${studentLabel(r)} ${KIND_LABELS[r.kind]} ${r.term}` }
    }
    case 'confirmationLong': {
      const r = row as ReportRow
      return { id: reportKey(r), label: `${studentLabel(r)} ${KIND_LABELS[r.kind]} ${r.term} ${ERROR_TYPE_LABELS[r.errorType]}` }
    }
    default: {
      const r = row as RecordRow
      return { id: `${r.nationalId}|${r.term}|${r.key}`, label: `${maskNationalId(r.nationalId)} 的同一筆資料` }
    }
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
    const key = keyOf(shape, converted)
    const first = this.firstRow.get(key.id)
    if (first === undefined) {
      this.firstRow.set(key.id, row)
      return null
    }
    if (!repeatsAllowed(shape)) return { column: null, reason: `與第 ${first} 列重複（${key.label}）` }
    let n = 2
    while (this.firstRow.has(`${key.id}#${n}`)) n++
    ;(converted as RecordRow).key += `#${n}`
    this.firstRow.set(`${key.id}#${n}`, row)
    return null
  }
}
