import type { ImportSummary, RowProblem } from '../../../shared/contract/import'
import type { Kind, Section } from '../../../shared/domain'
import type { BulkWriter, Reader } from '../../db/store'
import { maskNationalId } from '../../../shared/nationalId'

// Every merge is planned first (reads only) and applied afterwards (writes only, through the
// store's bulk writer inside the import's one write: db/store.ts). On SQLite a backup is taken
// between the two — but only when the plan changes something, so re-importing an unchanged file
// writes no row and takes no copy.

export interface MergeEnv {
  /** Reads of the import's write (db/store.ts): before its transaction on SQLite, inside it on a server. */
  reader: Reader
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
  /** Writes the plan (the bulk writer counts the rows and lets the event loop run). */
  apply(bulk: BulkWriter, batchId: number): Promise<void>
}

/** The header a sheet gave the column of a field: what a message about that column calls it. */
export type ColumnOf = (sheet: string, field: 'studentNo' | 'nationalId') => string

/**
 * Rows naming someone the roster does not have are skipped, and said so — by 學號, or by the
 * masked 身分證號 — under the column as the file calls it.
 */
export function unknownStudent(ref: { studentNo?: string | null; nationalId: string | null }, sheet: string, row: number, columnOf: ColumnOf): RowProblem {
  const who = ref.studentNo ? `學號 ${ref.studentNo}` : `身分證號 ${maskNationalId(ref.nationalId)}`
  return {
    sheet, row, column: columnOf(sheet, ref.studentNo ? 'studentNo' : 'nationalId'),
    reason: `名冊中沒有${who} 的學生，這一列未匯入（請先匯入學生名冊）`,
  }
}
