import type { TempCore } from './tempCore'

// What imports put in the DB, on either backend, as comparable data: every student,
// confirmation, report item and record, without ids, batch references or timestamps (a
// student's id becomes their 學號), each table's rows sorted.

const RECORD_TABLES = ['course_records', 'cadre_records', 'performance_records', 'outcome_records'] as const
const BOOKKEEPING = ['id', 'student_id', 'confirmation_id', 'first_batch_id', 'last_batch_id', 'created_at', 'updated_at', 'source_changed_at', 'version', 'updated_by']

export type ImportedData = Record<string, string[]>

/** A JSON object of columns as written (`source`, a student's `extra`) with each value trimmed. */
const trimmedValues = (json: string) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(json) as Record<string, string>).map(([k, v]) => [k, v.trim()])))

/**
 * `omit`: columns to leave out; `trimWritten`: compare the columns as written (`source`, `extra`)
 * without the spaces around each value (LibreOffice drops them when it opens an .xlsx).
 */
export async function importedData(t: TempCore, options: { omit?: string[]; trimWritten?: boolean } = {}): Promise<ImportedData> {
  const db = t.core.ctx.db
  const students = await db.selectFrom('students').selectAll().execute()
  const studentNo = new Map(students.map((s) => [s.id, s.student_no]))
  const omit = new Set([...BOOKKEEPING, ...(options.omit ?? [])])
  const rows = (list: Record<string, unknown>[]) =>
    list.map((row) => {
      const kept: Record<string, unknown> = 'student_id' in row ? { student_no: studentNo.get(row.student_id as number) ?? null } : {}
      for (const [column, value] of Object.entries(row)) {
        if (omit.has(column)) continue
        kept[column] = options.trimWritten && (column === 'source' || column === 'extra') ? trimmedValues(value as string) : value
      }
      return JSON.stringify(kept)
    }).sort()
  const data: ImportedData = {
    students: rows(students),
    confirmations: rows(await db.selectFrom('confirmations').selectAll().execute()),
    report_items: rows(await db.selectFrom('report_items').selectAll().execute()),
  }
  for (const table of RECORD_TABLES) data[table] = rows(await db.selectFrom(table).selectAll().execute())
  return data
}

/** Rows of the data: how many of each table (a comparison that holds nothing proves nothing). */
export const countsOf = (data: ImportedData) => Object.fromEntries(Object.entries(data).map(([table, list]) => [table, list.length]))
