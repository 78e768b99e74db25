import { sql, type RawBuilder, type SqlBool } from 'kysely'
import type { HintState } from '../../shared/hints'
import type { ErrorType, FileKind, Kind } from '../../shared/domain'
import { termsWithRecordsFor } from '../../shared/terms'
import type { Store, Writer } from '../db/store'
import { nextTurn, ROWS_PER_TURN } from '../eventLoop'
import { hintFor, type StudentRows, type Vocabulary } from './claims'
import { loadVocabulary } from './vocabulary'

// Each item's hint is stored on it (report_items.hint_state, .hint; migration 0011), so that the
// queue can filter and count by it in SQL. It depends on the reason and on the records — the
// student's, and every name the school's records hold — so it is worked out again, inside the
// same write, whenever those change: after an import that changed anything (the items whose
// reason it added or changed; every item of the kinds whose records it changed), and at start
// for items that have none yet (hint_state NULL: made before 0011, or by a path that leaves it).

/** Which items to work out: the import's, or every item still without a hint. */
export type HintScope =
  | { kinds: Kind[] }
  | { changedAt: string }
  | { ids: number[] }
  | { all: true }
  | { pending: true }

/** The kinds whose hints read one family of names: a subject's records of either kind are the school's subjects. */
export const KINDS_READING: Record<Kind, Kind[]> = {
  course: ['course', 'outcome'],
  outcome: ['course', 'outcome'],
  cadre: ['cadre'],
  performance: ['performance'],
}

/**
 * The items whose hints an import of `fileKind` may change (or its undo): a roster's every item
 * (it links records to students), a confirmation file's items it added or whose reason it changed
 * (`items`), a record file's items of the kinds that read those records' names.
 */
export function hintScopeOfImport(fileKind: FileKind, items: { changedAt: string } | { ids: number[] }): HintScope {
  if (fileKind === 'roster') return { all: true }
  if (fileKind === 'confirmation') return items
  return { kinds: KINDS_READING[fileKind] }
}

interface ScopedItem {
  id: number
  student_id: number
  national_id: string | null
  kind: Kind
  term: string
  error_type: ErrorType
  reason: string
  hint_state: HintState | null
  hint: string | null
}

const scopeCondition = (scope: HintScope): RawBuilder<SqlBool> => {
  if ('kinds' in scope) return sql<SqlBool>`(ri.kind IN (${sql.join(scope.kinds)}) OR ri.hint_state IS NULL)`
  if ('changedAt' in scope) return sql<SqlBool>`(ri.source_changed_at = ${scope.changedAt} OR ri.hint_state IS NULL)`
  if ('ids' in scope) return scope.ids.length ? sql<SqlBool>`ri.id IN (${sql.join(scope.ids)})` : sql<SqlBool>`false`
  if ('all' in scope) return sql<SqlBool>`true`
  return sql<SqlBool>`ri.hint_state IS NULL`
}

/** Works out the hints of the items in scope and writes those that changed. Returns how many changed. */
export async function refreshHints(w: Writer, scope: HintScope): Promise<number> {
  const items = await w.all<ScopedItem>(sql`SELECT ri.id, ri.student_id, s.national_id, ri.kind, ri.term, ri.error_type, ri.reason,
      ri.hint_state, ri.hint
    FROM report_items AS ri JOIN students AS s ON s.id = ri.student_id WHERE ${scopeCondition(scope)} ORDER BY ri.id`)
  if (items.length === 0) return 0
  const vocabulary = await loadVocabulary(w)
  const changed: { id: number; hint_state: HintState; hint: string | null }[] = []
  for (const kind of new Set(items.map((i) => i.kind))) {
    const ofKind = items.filter((i) => i.kind === kind)
    const rows = await studentRows(w, kind, ofKind)
    let done = 0
    for (const item of ofKind) {
      if (++done % ROWS_PER_TURN === 0) await nextTurn()
      const own = termsWithRecordsFor(item.term).flatMap((term) => rows.get(`${item.student_id}|${term}`) ?? [])
      const hint = hintOf(item, { kind, rows: own } as StudentRows, vocabulary)
      if (hint.hint_state !== item.hint_state || hint.hint !== item.hint) changed.push({ id: item.id, ...hint })
    }
  }
  await w.bulk.update('report_items', changed)
  return changed.length
}

/** At start: works out the hints of the items that have none yet (a write only when there are). */
export async function ensureHints(store: Store): Promise<void> {
  const pending = await store.db.selectFrom('report_items').select('id').where('hint_state', 'is', null).limit(1).executeTakeFirst()
  if (!pending) return
  await store.write(async (w) => {
    await w.begin()
    await refreshHints(w, { pending: true })
  })
}

function hintOf(item: ScopedItem, rows: StudentRows, vocabulary: Vocabulary) {
  const hint = hintFor({ errorType: item.error_type, reason: item.reason }, rows, vocabulary)
  return { hint_state: hint?.state ?? ('none' as const), hint: hint?.text ?? null }
}

/** What each kind's hint reads of a record. */
const COLUMNS: Record<Kind, { table: string; columns: string }> = {
  course: { table: 'course_records', columns: 'subject_name AS name, sheet, score, passed' },
  outcome: { table: 'outcome_records', columns: 'subject_name AS name' },
  cadre: { table: 'cadre_records', columns: 'role, unit_name AS unit' },
  performance: { table: 'performance_records', columns: "coalesce(title, '') AS title, category" },
}

/** Students per query: a few hundred ids and national IDs in one IN list each. */
const STUDENTS_PER_QUERY = 500

/**
 * The records of the items' students, in the terms their items read (a term and its school
 * year's year-level rows), keyed 'student id|term'. A record is the student's by student_id,
 * or by national ID when the roster link was not made at import (as records/list.ts reads them).
 */
async function studentRows(w: Writer, kind: Kind, items: ScopedItem[]): Promise<Map<string, unknown[]>> {
  const { table, columns } = COLUMNS[kind]
  const terms = [...new Set(items.flatMap((i) => termsWithRecordsFor(i.term)))]
  const students = [...new Map(items.map((i) => [i.student_id, i.national_id])).entries()]
  const byNationalId = new Map(students.filter(([, nid]) => nid).map(([id, nid]) => [nid!, id]))
  const found = new Map<string, unknown[]>()
  for (let i = 0; i < students.length; i += STUDENTS_PER_QUERY) {
    const chunk = students.slice(i, i + STUDENTS_PER_QUERY)
    const ids = chunk.map(([id]) => id)
    const nationalIds = chunk.map(([, nid]) => nid).filter((nid): nid is string => !!nid)
    const ofNationalId = nationalIds.length ? sql`OR (r.student_id IS NULL AND r.national_id IN (${sql.join(nationalIds)}))` : sql``
    const rows = await w.all<{ student_id: number | null; national_id: string; term: string }>(sql`SELECT r.student_id, r.national_id,
        r.term, ${sql.raw(columns)} FROM ${sql.table(table)} AS r
      WHERE r.term IN (${sql.join(terms)}) AND (r.student_id IN (${sql.join(ids)}) ${ofNationalId}) ORDER BY r.id`)
    for (const row of rows) {
      const student = row.student_id ?? byNationalId.get(row.national_id)
      const key = `${student}|${row.term}`
      const list = found.get(key) ?? []
      list.push(row)
      found.set(key, list)
    }
  }
  return found
}
