import type { ColumnMapping, ImportShape } from '../../../shared/contract/import'
import { fieldSpec, type FieldType } from '../headers'
import { identifier, nationalId, number, ok, score, seat, text, type Cell, type Parsed } from '../values/cells'
import { cadreLevel, creditCounted, errorType, kind, passState } from '../values/codes'
import { date, dateTime } from '../values/dates'
import { schoolYear, term, termOf, termOrSemester } from '../values/terms'

/** A reason a cell (or a row) cannot be imported; the column is its source header. */
export interface CellProblem {
  column: string | null
  reason: string
}

/** What every converter knows about the sheet it reads. */
export interface SheetContext {
  fileName: string
  sheetName: string
  shape: ImportShape
  columns: ColumnMapping[]
  /** The term of the file (chosen by the user or from its name), for rows without their own. */
  fileTerm: string | null
  /** 多元表現: the category (the sheet's name). */
  category: string | null
}

const NORMALISERS: Record<FieldType, (cell: Cell) => Parsed<unknown>> = {
  text: (c) => ok(text(c)),
  id: (c) => ok(identifier(c)),
  seat: (c) => ok(seat(c)),
  nationalId: (c) => ok(nationalId(c)),
  number,
  score,
  date,
  dateTime,
  pass: passState,
  credit: creditCounted,
  cadreLevel,
  kind,
  state: (c) => ok(c), // decoded with its text kept, by the confirmation converter
  errorType,
  term,
  termOrSemester,
  year: (c) => ok(identifier(c)),
  semester: (c) => ok(identifier(c)),
}

export type FieldValues = Record<string, unknown>

/** The mapped fields of one row, normalised; a cell that does not read is a problem. */
/** A mapped column of a sheet and how its cells are read. */
interface FieldReader {
  index: number
  field: string
  header: string
  normalise: (cell: Cell) => Parsed<unknown>
}

/** Each sheet's readers, worked out at its first row rather than for every row. */
const readersOf = new WeakMap<SheetContext, FieldReader[]>()

function fieldReaders(ctx: SheetContext): FieldReader[] {
  let readers = readersOf.get(ctx)
  if (!readers) {
    readers = ctx.columns.flatMap((column) => {
      const spec = column.field === null ? undefined : fieldSpec(ctx.shape, column.field)
      return spec ? [{ index: column.index, field: spec.field, header: column.header, normalise: NORMALISERS[spec.type] }] : []
    })
    readersOf.set(ctx, readers)
  }
  return readers
}

export function readFields(cells: Cell[], ctx: SheetContext, problems: CellProblem[]): FieldValues {
  const values: FieldValues = {}
  for (const { index, field, header, normalise } of fieldReaders(ctx)) {
    const parsed = normalise(cells[index] ?? null)
    if (parsed.ok) values[field] = parsed.value
    else problems.push({ column: header, reason: parsed.reason })
  }
  return values
}

export const headerOf = (ctx: SheetContext, field: string) =>
  ctx.columns.find((c) => c.field === field)?.header ?? fieldSpec(ctx.shape, field)?.label ?? field

/**
 * The row's term: its own column(s), else the file's. A 學年度 without a 學期 (no such column,
 * or a blank cell) is that whole school year ('113'); whether the shape may hold a year is
 * `takesSchoolYear`'s to say.
 */
export function rowTerm(values: FieldValues, ctx: SheetContext, problems: CellProblem[]): string | null {
  const direct = values.actualTerm ?? values.term
  // A semester alone (實際修課學期 1) is of the year in its own column (實際修課學年度 113).
  if (typeof direct === 'string' && direct.length === 1) {
    const t = termOf((values.actualYear ?? values.schoolYear ?? null) as string | null, direct)
    if (t.ok && t.value) return t.value
    problems.push({ column: headerOf(ctx, 'actualTerm'), reason: `「${direct}」只有學期，缺少${fieldSpec(ctx.shape, 'actualYear')?.label ?? '學年度'}` })
    return null
  }
  if (typeof direct === 'string') return direct
  const year = values.schoolYear as string | null | undefined
  const semester = values.semester as string | null | undefined
  if (year && !semester) {
    const y = schoolYear(year)
    if (y.ok) return y.value
    problems.push({ column: headerOf(ctx, 'schoolYear'), reason: y.reason })
    return null
  }
  if (year || semester) {
    const t = termOf(year ?? null, semester ?? null)
    if (t.ok && t.value) return t.value
    if (!t.ok) {
      problems.push({ column: headerOf(ctx, t.reason.includes('學期（') ? 'semester' : 'schoolYear'), reason: t.reason })
      return null
    }
  }
  return ctx.fileTerm
}

/** Records may come a whole school year at a time (DESIGN.md §1); a confirmation is of one term. */
export const takesSchoolYear = (shape: ImportShape) => shape !== 'roster' && shape !== 'confirmationWide' && shape !== 'confirmationLong'

/** Whether the sheet's rows carry a term of their own. */
export const hasTermColumns = (ctx: SheetContext) =>
  ctx.columns.some((c) => c.field === 'term' || c.field === 'schoolYear' || c.field === 'actualTerm' || c.field === 'actualYear')

export function requireValue<T>(values: FieldValues, field: string, ctx: SheetContext, problems: CellProblem[]): T | null {
  const value = values[field]
  const column = headerOf(ctx, field)
  // A value that did not read has its problem already.
  if ((value === null || value === undefined || value === '') && !problems.some((p) => p.column === column)) {
    problems.push({ column: headerOf(ctx, field), reason: `缺少${fieldSpec(ctx.shape, field)?.label ?? field}` })
    return null
  }
  return value as T
}
