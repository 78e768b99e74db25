import { sql, type RawBuilder } from 'kysely'
import type { QueueColumn, QueueSort } from '../../shared/contract/queue'
import { ERROR_TYPES, ITEM_STATUSES, KINDS } from '../../shared/domain'
import { deadlineOrderSql } from '../rounds/deadline'
import { awaitingInRound } from './deadlines'
import type { QueueEnv } from './filters'

// How each queue column sorts, as SQL over `report_items ri` joined to `students s`.
// A column the DB keeps an index for says so, so that the page walks the index in order
// instead of sorting every matching item.

/** `CASE col WHEN 'a' THEN 0 …` — enums sort in workflow/domain order, not alphabetically. */
const domainOrder = (column: string, values: readonly string[]) =>
  sql.raw(`CASE ${column} ${values.map((v, i) => `WHEN '${v}' THEN ${i}`).join(' ')} END`)

/** Seats are text ('05', '5', '12'): by number first, then as written. */
const seatOrder = (env: QueueEnv) => [env.dialect.leadingNumber('s.seat'), sql.raw('s.seat')]

type Keys = RawBuilder<unknown>[]

export interface SortDef {
  /** The expressions to order by, most significant first (ties end with ri.id); some need the env. */
  keys: Keys | ((env: QueueEnv) => Keys)
  /** Needs columns of `students s`. */
  student: boolean
  /**
   * `reported`: the keys are the by_reported index's order, so filters are written `+ri.col`
   * to let SQLite walk that index. `student`: walk students in class order (CROSS JOIN).
   */
  path: 'reported' | 'student' | null
  /** The column's natural direction is the opposite of its key's (age = time since report). */
  inverted?: boolean
  /**
   * The keys are columns of the facet cube (each an enum in its domain's order, or text):
   * the cube can say which of their values a page falls in (list.ts).
   */
  cubeKeys?: { column: 'status' | 'kind' | 'term' | 'error_type'; domain?: readonly string[] }[]
}

export const SORTS: Record<QueueColumn, SortDef> = {
  studentName: { keys: [sql.raw('s.name'), sql.raw('s.student_no')], student: true, path: null },
  className: { keys: (env) => [sql.raw('s.class_name'), ...seatOrder(env)], student: true, path: 'student' },
  seat: { keys: (env) => [...seatOrder(env), sql.raw('s.class_name')], student: true, path: null },
  studentNo: { keys: [sql.raw('s.student_no')], student: true, path: null },
  kind: {
    keys: [domainOrder('ri.kind', KINDS), sql.raw('ri.term')], student: false, path: null,
    cubeKeys: [{ column: 'kind', domain: KINDS }, { column: 'term' }],
  },
  term: {
    keys: [sql.raw('ri.term'), domainOrder('ri.kind', KINDS)], student: false, path: null,
    cubeKeys: [{ column: 'term' }, { column: 'kind', domain: KINDS }],
  },
  errorType: {
    keys: [domainOrder('ri.error_type', ERROR_TYPES)], student: false, path: null,
    cubeKeys: [{ column: 'error_type', domain: ERROR_TYPES }],
  },
  reason: { keys: [sql.raw('ri.reason')], student: false, path: null },
  status: {
    keys: [domainOrder('ri.status', ITEM_STATUSES)], student: false, path: null,
    cubeKeys: [{ column: 'status', domain: ITEM_STATUSES }],
  },
  // Oldest report first when descending by age; an item with no report time counts as oldest.
  // Most urgent first; items with no deadline to meet (decided, vanished, other rounds) last.
  deadline: {
    keys: (env) => env.round
      ? [sql`NOT ${awaitingInRound(env)}`, sql`CASE WHEN ${awaitingInRound(env)} THEN ${deadlineOrderSql(env.round.round)} END`]
      : [],
    student: false,
    path: null,
  },
  age: { keys: [sql.raw('ri.reported_at')], student: false, path: 'reported', inverted: true },
  lastChange: { keys: [sql.raw('ri.updated_at')], student: false, path: null },
}

/** `ORDER BY` for a sort, with ri.id last so that pages never overlap or skip. */
export function orderByOf(sort: QueueSort, env: QueueEnv): RawBuilder<unknown> {
  const def = SORTS[sort.column]
  const ascending = (sort.direction === 'asc') !== (def.inverted ?? false)
  const dir = sql.raw(ascending ? 'ASC' : 'DESC')
  const keys = typeof def.keys === 'function' ? def.keys(env) : def.keys
  // "No deadline" stays last whichever the direction.
  const first = sort.column === 'deadline' && keys.length ? [sql`${keys[0]} ASC`] : []
  const rest = sort.column === 'deadline' ? keys.slice(1) : keys
  return sql.join([...first, ...rest.map((k) => sql`${k} ${dir}`), sql`ri.id ${dir}`])
}
