import { sql } from 'kysely'
import type { Kind } from '../../../shared/domain'
import { RECORD_TABLES } from '../../db/schema'
import { nextTurn, ROWS_PER_TURN } from '../../eventLoop'
import { courseSheetOf } from '../headers'
import { RECORD_COLUMNS, sourceOf, type RecordRow } from '../kinds/records'
import { unknownStudent, type ColumnOf, type MergeEnv, type Plan } from './plan'

// Submitted records mirror the central database: a newer export of a term replaces what an
// older one said. Rows are matched by (national ID, term, natural key); an equal row_hash means
// unchanged and is not written. A record that the file no longer lists is removed only when the
// file lists other rows of that student in that term and scope (course sheet, performance
// category): an export is often partial (one class's cadre posts, a filtered course list), and
// says nothing of the students it leaves out, whose records are kept. Nor is anything removed
// from a sheet that had rows with problems, whose records we cannot tell apart from removed ones.

/** Which column holds a record's scope, per kind. */
const SCOPE_COLUMN: Record<Kind, string | null> = { course: 'sheet', performance: 'category', cadre: null, outcome: null }

/**
 * A stored record's scope, read by the rule new rows are built by. Older versions stored a CSV's
 * course records with the file's name as their sheet (`113_2_修課紀錄`, keyed by it too): read
 * as the course sheet that name names (else 學期成績), such rows fall in the scope of the next
 * import of their term that lists their student, which lists them under new keys and so replaces
 * them (added + vanished) rather than leaving them beside the new rows. No migration needed.
 */
const storedScope = (kind: Kind, scope: string) => (kind === 'course' ? courseSheetOf(scope) : scope)

export interface RecordMergeInput {
  kind: Kind
  rows: RecordRow[]
  /** Header row of each sheet, to write `source`. */
  headers: Map<string, string[]>
  /** Scopes ('term|scope') of sheets that had problem rows: nothing is removed there. */
  guardedScopes: Set<string>
  columnOf: ColumnOf
}

export async function planRecords(env: MergeEnv, input: RecordMergeInput): Promise<Plan> {
  const { kind, rows } = input
  const table = RECORD_TABLES[kind]
  const scopeColumn = SCOPE_COLUMN[kind]
  const students = new Map(
    (await env.reader.all<{ id: number; national_id: string }>('SELECT id, national_id FROM students WHERE national_id IS NOT NULL'))
      .map((s) => [s.national_id, s.id]),
  )
  // What the DB holds of the file's terms, read once (one pass over the term index) rather than
  // a look-up per row: on a server each look-up would be a round trip.
  const terms = [...new Set(rows.map((r) => r.term))]
  const stored = terms.length === 0 ? [] : await env.reader.all<StoredRecord>(
    sql`SELECT id, national_id, term, natural_key, row_hash, ${sql.raw(scopeColumn ?? "''")} AS scope
      FROM ${sql.table(table)} WHERE term IN (${sql.join(terms)})`,
  )
  const byKey = new Map(stored.map((r) => [`${r.national_id}|${r.term}|${r.natural_key}`, r]))
  const inserts: { row: RecordRow; studentId: number }[] = []
  const updates: { row: RecordRow; studentId: number; id: number }[] = []
  const skipped = []
  const seen = new Set<number>()
  /** 'national ID|term|scope' of every row, and the (national ID, term) pairs the file lists. */
  const listed = new Set<string>()
  const studentTerms = new Set<string>()
  let unchanged = 0
  let looked = 0
  for (const row of rows) {
    if (++looked % ROWS_PER_TURN === 0) await nextTurn()
    listed.add(`${row.nationalId}|${row.term}|${row.scope}`)
    studentTerms.add(`${row.nationalId}|${row.term}`)
    const studentId = students.get(row.nationalId)
    if (studentId === undefined) {
      skipped.push(unknownStudent(row, row.sheet, row.row, input.columnOf))
      continue
    }
    const now = byKey.get(`${row.nationalId}|${row.term}|${row.key}`)
    if (!now) inserts.push({ row, studentId })
    else {
      seen.add(now.id)
      if (now.row_hash !== row.hash) updates.push({ row, studentId, id: now.id })
      else unchanged += 1
    }
  }
  const removals: number[] = []
  for (const r of stored) {
    if (++looked % ROWS_PER_TURN === 0) await nextTurn()
    if (seen.has(r.id) || !studentTerms.has(`${r.national_id}|${r.term}`)) continue
    const scope = `${r.term}|${storedScope(kind, r.scope)}`
    if (listed.has(`${r.national_id}|${scope}`) && !input.guardedScopes.has(scope)) removals.push(r.id)
  }

  const columns = RECORD_COLUMNS[kind]
  const valuesOf = (row: RecordRow) => Object.fromEntries(columns.map((c, i) => [c, row.values[i]]))
  const sourceOfRow = (row: RecordRow) => sourceOf(row.cells, input.headers.get(row.sheet) ?? [])
  return {
    added: inserts.length,
    updated: updates.length,
    unchanged,
    vanished: removals.length,
    skipped,
    reportItems: null,
    changes: inserts.length + updates.length + removals.length,
    async apply(bulk, batchId) {
      await bulk.insert(table, inserts.map(({ row, studentId }) => ({
        student_id: studentId, national_id: row.nationalId, term: row.term, natural_key: row.key, row_hash: row.hash,
        source: sourceOfRow(row), first_batch_id: batchId, last_batch_id: batchId, created_at: env.now, updated_at: env.now,
        ...valuesOf(row),
      })) as never)
      await bulk.update(table, updates.map(({ row, studentId, id }) => ({
        id, student_id: studentId, row_hash: row.hash, source: sourceOfRow(row), last_batch_id: batchId, updated_at: env.now,
        ...valuesOf(row),
      })) as never)
      await bulk.delete(table, removals)
    },
  }
}

interface StoredRecord {
  id: number
  national_id: string
  term: string
  natural_key: string
  row_hash: string
  scope: string
}
