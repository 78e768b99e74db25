import { ERROR_TYPES, type ConfirmationState, type ErrorType, type Kind } from '../../../shared/domain'
import { isSchoolYear } from '../../../shared/terms'
import { text, type Cell } from '../values/cells'
import { confirmationState } from '../values/codes'
import { hasTermColumns, headerOf, readFields, requireValue, rowTerm, takesSchoolYear, type CellProblem, type SheetContext } from './fields'

/** Who a confirmation row names: by 學號, or by 身分證號 when the file has no 學號. */
export interface StudentRef {
  studentNo: string | null
  nationalId: string | null
}

/** One row of the wide shape: a student's confirmation of one kind × term, with its reasons. */
export interface ConfirmationRow extends StudentRef {
  sheet: string
  row: number
  kind: Kind
  term: string
  state: ConfirmationState
  stateText: string | null
  confirmedAt: string | null
  /** 確認時間 was written without a time (so it is only as precise as the day). */
  confirmedAtDateOnly: boolean
  reasons: Partial<Record<ErrorType, string>>
  /** The error types the sheet has a column for: an empty one says the type is no longer reported. */
  typesListed: readonly ErrorType[]
}

/** One row of the long shape (the problem list): one error type of one report. */
export interface ReportRow extends StudentRef {
  sheet: string
  row: number
  kind: Kind
  term: string
  errorType: ErrorType
  reason: string
  ticketNo: string | null
  reply: string | null
  reportedAt: string | null
}

export const refKey = (r: StudentRef) => (r.studentNo ? `no:${r.studentNo}` : `id:${r.nationalId}`)
export const confirmationKey = (r: StudentRef & { kind: Kind; term: string }) => `${refKey(r)}|${r.kind}|${r.term}`
export const reportKey = (r: ReportRow) => `${confirmationKey(r)}|${r.errorType}`

function studentRef(values: Record<string, unknown>, ctx: SheetContext, problems: CellProblem[]): StudentRef | null {
  const studentNo = (values.studentNo as string | null) ?? null
  const nationalId = (values.nationalId as string | null) ?? null
  const hasNoColumn = ctx.columns.some((c) => c.field === 'studentNo')
  if (hasNoColumn ? studentNo : nationalId) return { studentNo: hasNoColumn ? studentNo : null, nationalId }
  problems.push({ column: headerOf(ctx, hasNoColumn ? 'studentNo' : 'nationalId'), reason: hasNoColumn ? '缺少學號' : '缺少身分證號' })
  return null
}

/**
 * The row's term; '' when the whole sheet has none yet (the user is asked once, not per row).
 * A school year alone is a term for records only: a confirmation's row needs its 學期.
 */
export function termOrProblem(values: Record<string, unknown>, ctx: SheetContext, problems: CellProblem[]): string | null {
  const before = problems.length
  const term = rowTerm(values, ctx, problems)
  if (term && isSchoolYear(term) && !takesSchoolYear(ctx.shape)) {
    if (!hasTermColumns(ctx)) return ''
    problems.push({ column: headerOf(ctx, values.term ? 'term' : 'schoolYear'), reason: `只有學年度（${term}），沒有學期` })
    return null
  }
  if (term) return term
  if (!hasTermColumns(ctx)) return ''
  if (problems.length === before) problems.push({ column: headerOf(ctx, 'term'), reason: '缺少學年度學期' })
  return null
}

export function convertConfirmation(row: number, cells: Cell[], ctx: SheetContext, problems: CellProblem[]): ConfirmationRow | null {
  const values = readFields(cells, ctx, problems)
  const ref = studentRef(values, ctx, problems)
  const kind = requireValue<Kind>(values, 'kindText', ctx, problems)
  const term = termOrProblem(values, ctx, problems)
  const stateCell = (values.state as Cell | undefined) ?? null
  const state = confirmationState(stateCell)
  if (!state.ok) problems.push({ column: headerOf(ctx, 'state'), reason: state.reason })
  if (problems.length || !ref || !kind || term === null || !state.ok) return null
  const reasons: Partial<Record<ErrorType, string>> = {}
  for (const type of ERROR_TYPES) {
    const reason = values[type] as string | null | undefined
    if (reason) reasons[type] = reason
  }
  return {
    sheet: ctx.sheetName, row, ...ref, kind, term,
    state: state.value,
    stateText: text(stateCell),
    confirmedAt: timestamp(values.confirmedAt),
    confirmedAtDateOnly: typeof values.confirmedAt === 'string' && values.confirmedAt.length === 10,
    reasons,
    typesListed: ERROR_TYPES.filter((type) => ctx.columns.some((c) => c.field === type)),
  }
}

export function convertReport(row: number, cells: Cell[], ctx: SheetContext, problems: CellProblem[]): ReportRow | null {
  const values = readFields(cells, ctx, problems)
  const ref = studentRef(values, ctx, problems)
  const kind = requireValue<Kind>(values, 'kindText', ctx, problems)
  const term = termOrProblem(values, ctx, problems)
  const errorType = requireValue<ErrorType>(values, 'errorType', ctx, problems)
  const reason = requireValue<string>(values, 'reason', ctx, problems)
  if (problems.length || !ref || !kind || term === null || !errorType || !reason) return null
  return {
    sheet: ctx.sheetName, row, ...ref, kind, term, errorType, reason,
    ticketNo: (values.ticketNo as string | null) ?? null,
    reply: (values.reply as string | null) ?? null,
    reportedAt: timestamp(values.reportedAt),
  }
}

/** Timestamps are stored whole ('YYYY-MM-DD HH:mm:ss'); a date written alone is that day's 00:00:00. */
function timestamp(value: unknown): string | null {
  if (typeof value !== 'string' || !value) return null
  return value.length === 10 ? `${value} 00:00:00` : value
}

/**
 * Whether two times can be the same moment written at different precision: a file may write
 * 確認時間 as a date alone, or to the minute; the problem list writes it to the second.
 */
export function sameMoment(a: string, b: string, dayOnly: boolean): boolean {
  return dayOnly ? a.slice(0, 10) === b.slice(0, 10) : a.slice(0, 16) === b.slice(0, 16)
}
