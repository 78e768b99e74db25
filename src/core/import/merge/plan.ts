import type BetterSqlite3 from 'better-sqlite3'
import type { ImportSummary, RowProblem } from '../../../shared/contract/import'
import type { Kind, Section } from '../../../shared/domain'
import { maskNationalId } from '../preview'

// Every merge is planned first (reads only) and applied afterwards (writes only, inside the
// import's one transaction, which lets the event loop run now and then: steppedTransaction). Between the two a backup is taken — but only when the plan
// changes something, so re-importing an unchanged file writes no row and takes no copy.

export interface MergeEnv {
  sqlite: BetterSqlite3.Database
  now: string
  /** Which section a new report item goes to. */
  routing: Record<Kind, Section>
}

export interface Plan {
  added: number
  updated: number
  unchanged: number
  vanished: number
  skipped: RowProblem[]
  reportItems: ImportSummary['reportItems']
  /** How many rows applying writes (besides the batch row). */
  changes: number
  /** Writes the plan, yielding once per row written. */
  apply(batchId: number): Generator<void>
}

/** The header a sheet gave the column of a field: what a message about that column calls it. */
export type ColumnOf = (sheet: string, field: 'studentNo' | 'nationalId') => string

/**
 * Rows naming someone the roster does not have are skipped, and said so — by 學號, or by the
 * masked 身分證號 — under the column as the file calls it.
 */
export function unknownStudent(ref: { studentNo?: string | null; nationalId: string | null }, sheet: string, row: number, columnOf: ColumnOf): RowProblem {
  const who = ref.studentNo ? `學號 ${ref.studentNo}` : `身分證號 ${maskNationalId(ref.nationalId ?? '')}`
  return {
    sheet, row, column: columnOf(sheet, ref.studentNo ? 'studentNo' : 'nationalId'),
    reason: `名冊中沒有${who} 的學生，這一列未匯入（請先匯入學生名冊）`,
  }
}
