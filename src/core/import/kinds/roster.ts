import { cellText, type Cell } from '../values/cells'
import { gradeOfClass } from '../values/codes'
import { readFields, requireValue, type CellProblem, type SheetContext } from './fields'

/**
 * One student of a roster. An optional field is `undefined` when the file has no such column:
 * a class list without 身分證號 says nothing about national IDs and must not erase them.
 */
export interface RosterRow {
  sheet: string
  row: number
  studentNo: string
  nationalId?: string | null
  name: string
  className: string
  seat: string
  grade: number | null
  birthDate?: string | null
  homeroomTeacher?: string | null
  /** Columns the roster has that we do not use, as written. */
  extra: Record<string, string>
}

export function convertRoster(row: number, cells: Cell[], ctx: SheetContext, problems: CellProblem[]): RosterRow | null {
  const values = readFields(cells, ctx, problems)
  const studentNo = requireValue<string>(values, 'studentNo', ctx, problems)
  const name = requireValue<string>(values, 'name', ctx, problems)
  const className = requireValue<string>(values, 'className', ctx, problems)
  const seat = requireValue<string>(values, 'seat', ctx, problems)
  if (problems.length || !studentNo || !name || !className || !seat) return null
  const extra: Record<string, string> = {}
  for (const column of ctx.columns) {
    const text = cellText(cells[column.index] ?? null).trim()
    if (column.field === null && column.header && text) extra[column.header] = text
  }
  const grade = values.grade as number | null | undefined
  const given = <T>(field: string) => (field in values ? ((values[field] as T | null) ?? null) : undefined)
  return {
    sheet: ctx.sheetName,
    row,
    studentNo,
    nationalId: given<string>('nationalId'),
    name,
    className,
    seat,
    grade: grade ?? gradeOfClass(className),
    birthDate: given<string>('birthDate'),
    homeroomTeacher: given<string>('homeroomTeacher'),
    extra,
  }
}

export const rosterKey = (r: RosterRow) => r.studentNo
