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
    (env.sqlite.prepare('SELECT id, national_id FROM students WHERE national_id IS NOT NULL').all() as { id: number; national_id: string }[])
      .map((s) => [s.national_id, s.id]),
  )
  // Each row is looked up by its natural key (the UNIQUE index answers), so nothing but the
  // ids seen is held in memory besides the file's own rows.
  const find = env.sqlite.prepare(`SELECT id, row_hash FROM ${table} WHERE national_id = ? AND term = ? AND natural_key = ?`)
  const inserts: { row: RecordRow; studentId: number }[] = []
  const updates: { row: RecordRow; studentId: number; id: number }[] = []
  const skipped = []
  const seen = new Set<number>()
  /** 'national ID|term|scope' of every row, and the (national ID, term) pairs the file lists. */
  const listed = new Set<string>()
  const studentTerms = new Map<string, [nationalId: string, term: string]>()
  let unchanged = 0
  let looked = 0
  for (const row of rows) {
    if (++looked % ROWS_PER_TURN === 0) await nextTurn()
    listed.add(`${row.nationalId}|${row.term}|${row.scope}`)
    studentTerms.set(`${row.nationalId}|${row.term}`, [row.nationalId, row.term])
    const studentId = students.get(row.nationalId)
    if (studentId === undefined) {
      skipped.push(unknownStudent(row, row.sheet, row.row, input.columnOf))
      continue
    }
    const now = find.get(row.nationalId, row.term, row.key) as { id: number; row_hash: string } | undefined
    if (!now) inserts.push({ row, studentId })
    else {
      seen.add(now.id)
      if (now.row_hash !== row.hash) updates.push({ row, studentId, id: now.id })
      else unchanged += 1
    }
  }
  const removals: number[] = []
  const ofStudent = env.sqlite.prepare(`SELECT id, ${scopeColumn ?? "''"} AS scope FROM ${table} WHERE national_id = ? AND term = ?`)
  for (const [nationalId, term] of studentTerms.values()) {
    for (const r of ofStudent.all(nationalId, term) as { id: number; scope: string }[]) {
      if (++looked % ROWS_PER_TURN === 0) await nextTurn()
      const scope = `${term}|${storedScope(kind, r.scope)}`
      if (!seen.has(r.id) && listed.has(`${nationalId}|${scope}`) && !input.guardedScopes.has(scope)) removals.push(r.id)
    }
  }

  const columns = RECORD_COLUMNS[kind]
  return {
    added: inserts.length,
    updated: updates.length,
    unchanged,
    vanished: removals.length,
    skipped,
    reportItems: null,
    changes: inserts.length + updates.length + removals.length,
    *apply(batchId) {
      const insert = env.sqlite.prepare(
        `INSERT INTO ${table} (student_id, national_id, term, natural_key, row_hash, source, first_batch_id, last_batch_id,
          created_at, updated_at, ${columns.join(', ')}) VALUES (${Array(10 + columns.length).fill('?').join(', ')})`,
      )
      for (const { row, studentId } of inserts) {
        insert.run(studentId, row.nationalId, row.term, row.key, row.hash, sourceOf(row.cells, input.headers.get(row.sheet) ?? []),
          batchId, batchId, env.now, env.now, ...(row.values as never[]))
        yield
      }
      const update = env.sqlite.prepare(
        `UPDATE ${table} SET student_id = ?, row_hash = ?, source = ?, last_batch_id = ?, updated_at = ?,
          ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`,
      )
      for (const { row, studentId, id } of updates) {
        update.run(studentId, row.hash, sourceOf(row.cells, input.headers.get(row.sheet) ?? []), batchId, env.now, ...(row.values as never[]), id)
        yield
      }
      const remove = env.sqlite.prepare(`DELETE FROM ${table} WHERE id = ?`)
      for (const id of removals) {
        remove.run(id)
        yield
      }
    },
  }
}
