import { sql, type RawBuilder, type SqlBool } from 'kysely'
import { FACETS, type Facet, type QueueFilter } from '../../shared/contract/queue'
import { AWAITING_INVESTIGATION, DEADLINE_STATES, ERROR_TYPES, ITEM_STATUSES, KINDS, SECTIONS } from '../../shared/domain'
import type { DeadlineState, ItemStatus } from '../../shared/domain'
import type { Round } from '../db/schema'
import { parseTaipeiTimestamp, toTaipeiTimestamp } from '../../shared/dates'
import { deadlineState, itemDeadline } from '../rounds/deadline'

// The queue's filters, one row per facet: how it restricts the items in SQL and how its
// facet is counted. Every condition is written over `report_items ri` alone (student
// columns through an `IN (SELECT id FROM students …)`), so the same conditions serve the
// page, the counts and "all N matching" without a join.
//
// To add a filter (e.g. issue 6's investigation deadline): add its key to the contract's
// filter schema and a row here — `where` for the condition, and `cube` when its value can be
// read from the facet cube's columns (else it is counted by its own GROUP BY, like class).

/** What a query needs to know besides the filter. */
export interface QueueEnv {
  /** `imported_at` of the latest confirmation import; null before the first. */
  latestImportAt: string | null
  /** The current round and its 'kind|term' pairs: deadlines apply to those items only. */
  round: { round: Round; terms: string[] } | null
  /** Core's clock. */
  now: string
  /**
   * The items the filter's search matches, found once per call (queueEnv) and handed to each
   * query as a set; null when there is no search (or it has not been resolved).
   */
  searchIds: number[] | null
}

/** One group of the facet cube (see facets.ts): items sharing every cube column. */
export interface CubeGroup {
  section: string
  status: string
  kind: string
  term: string
  error_type: string
  vanished_at: string | null
  source_changed_at: string | null
  n: number
}

type Condition = RawBuilder<SqlBool>

/**
 * A column of report_items. `plain` writes it as `+ri.col`, which keeps SQLite from using an
 * index for that condition: the age sort walks the by_reported index instead of sorting.
 */
const col = (name: string, plain: boolean) => sql.raw(plain ? `+ri.${name}` : `ri.${name}`)

const inList = (name: string) => (values: string[], _env: QueueEnv, plain: boolean): Condition =>
  sql<SqlBool>`${col(name, plain)} IN (${sql.join(values)})`

interface FilterDef {
  /** The fixed values of the facet (listed with 0 when nothing matches); null = from the data. */
  domain: readonly string[] | null
  where(values: string[], env: QueueEnv, plain: boolean): Condition
  /** The facet's value for a cube group; absent = counted by its own query. */
  cube?(group: CubeGroup, env: QueueEnv): string
}

/**
 * Items with a deadline to meet: awaiting investigation (new, checking), still listed, of a
 * kind × term the current round confirms — the rule 總覽 and 學生查詢 apply too.
 */
export function awaitingInRound(env: QueueEnv, plain = false): Condition {
  if (!env.round) return sql<SqlBool>`0`
  return sql<SqlBool>`(${col('status', plain)} IN (${sql.join([...AWAITING_INVESTIGATION])})
    AND ${col('vanished_at', plain)} IS NULL
    AND (ri.kind, ri.term) IN (VALUES ${sql.join(env.round.terms.map((t) => sql`(${t.split('|')[0]}, ${t.split('|')[1]})`))}))`
}

const DAY_MS = 24 * 60 * 60 * 1000
const daysBefore = (ts: string, days: number) => toTaipeiTimestamp(new Date(parseTaipeiTimestamp(ts)!.getTime() - days * DAY_MS))

/**
 * calm / dueToday / overdue of the item's investigation deadline, in SQL — the rule of
 * rounds/deadline.ts (min(reported + N days, fix end), against now) rewritten as thresholds
 * on reported_at computed once here. Evaluating the rule per item (strftime on every row)
 * cost 25 ms at 50,000 items; comparing reported_at to three constants costs next to nothing,
 * and reads it from the facets index. Exact, because the deadline only grows with reported_at
 * (and timestamps are stored as 'YYYY-MM-DD HH:mm:ss', whose text order is time order).
 */
export function deadlineStateSql(round: Round, now: string): RawBuilder<DeadlineState> {
  const t = deadlineThresholds(round, now)
  if (t.allOverdue) return sql<DeadlineState>`'overdue'`
  return sql<DeadlineState>`CASE WHEN ri.reported_at IS NULL THEN ${t.capped}
    WHEN ri.reported_at < ${t.overdueBefore} THEN 'overdue'
    WHEN ri.reported_at <= ${t.dueBy} THEN 'dueToday'
    ELSE ${t.capped} END`
}

/** The thresholds of `deadlineStateSql`. */
function deadlineThresholds(round: Round, now: string) {
  const days = round.investigation_days
  const fixEndState = deadlineState(round.fix_end, now)
  return {
    allOverdue: fixEndState === 'overdue', // every deadline is past
    overdueBefore: daysBefore(now, days), // reported before this: deadline < now
    dueBy: daysBefore(`${now.slice(0, 10)} 23:59:59`, days), // reported by this: deadline today
    capped: fixEndState as 'dueToday' | 'calm', // the state of a deadline the fix end caps
  }
}

/**
 * How many items are in each deadline state, from three aggregates over the same thresholds —
 * all, reported before the overdue threshold, reported within today's — derived in TS
 * (evaluating the state per row, or repeating a sum inside an expression, costs twice as much).
 */
export function deadlineCounts(round: Round, now: string) {
  const t = deadlineThresholds(round, now)
  return {
    aggregates: {
      all: sql<number>`count(*)`,
      before: sql<number>`coalesce(sum(ri.reported_at < ${t.overdueBefore}), 0)`,
      today: sql<number>`coalesce(sum(ri.reported_at >= ${t.overdueBefore} AND ri.reported_at <= ${t.dueBy}), 0)`,
    },
    states({ all, before, today }: { all: number; before: number; today: number }): Record<DeadlineState, number> {
      if (t.allOverdue) return { overdue: all, dueToday: 0, calm: 0 }
      const capped = all - before - today // no report time, or at or past the fix-end cap
      return t.capped === 'dueToday'
        ? { overdue: before, dueToday: today + capped, calm: 0 }
        : { overdue: before, dueToday: today, calm: capped }
    },
  }
}

/**
 * The deadline as a sort key, the same way: below the cap the deadline is reported_at + N
 * days, so reported_at orders it; at and above the cap every deadline is the fix end.
 */
export function deadlineOrderSql(round: Round): RawBuilder<string> {
  const capFrom = daysBefore(round.fix_end, round.investigation_days)
  return sql<string>`CASE WHEN ri.reported_at IS NULL OR ri.reported_at >= ${capFrom} THEN ${round.fix_end} ELSE ri.reported_at END`
}

/** The same for one row, in TypeScript (what the queue and the detail pane show). */
export function rowDeadline(
  row: { status: ItemStatus; reported_at: string | null; vanished_at: string | null; kind: string; term: string },
  env: QueueEnv,
) {
  if (!env.round || row.vanished_at !== null || !env.round.terms.includes(`${row.kind}|${row.term}`)) return null
  return itemDeadline(row, env.round.round, env.now)
}

const isChanged = (changedAt: string | null, env: QueueEnv) =>
  env.latestImportAt !== null && changedAt !== null && changedAt >= env.latestImportAt

export const FILTERS: Record<Facet, FilterDef> = {
  section: { domain: SECTIONS, where: inList('section'), cube: (g) => g.section },
  kind: { domain: KINDS, where: inList('kind'), cube: (g) => g.kind },
  term: { domain: null, where: inList('term'), cube: (g) => g.term },
  errorType: { domain: ERROR_TYPES, where: inList('error_type'), cube: (g) => g.error_type },
  status: { domain: ITEM_STATUSES, where: inList('status'), cube: (g) => g.status },
  deadline: {
    domain: DEADLINE_STATES,
    where: (values, env, plain) =>
      env.round
        ? sql<SqlBool>`(${awaitingInRound(env, plain)} AND ${deadlineStateSql(env.round.round, env.now)} IN (${sql.join(values)}))`
        : sql<SqlBool>`0`,
  },
  className: {
    domain: null,
    where: (values) => sql<SqlBool>`ri.student_id IN (SELECT id FROM students WHERE class_name IN (${sql.join(values)}))`,
  },
  changed: {
    domain: ['yes', 'no'],
    // New or changed since the last import: the importer stamps source_changed_at when it
    // adds an item or its reason changes, with the batch's time.
    where: (values, env, plain) => {
      const changed = env.latestImportAt === null
        ? sql<SqlBool>`0`
        : sql<SqlBool>`coalesce(${col('source_changed_at', plain)} >= ${env.latestImportAt}, 0)`
      return values.includes('yes') ? changed : sql<SqlBool>`NOT ${changed}`
    },
    cube: (g, env) => (isChanged(g.source_changed_at, env) ? 'yes' : 'no'),
  },
  vanished: {
    domain: ['yes', 'no'],
    where: (values, _env, plain) =>
      values.includes('yes')
        ? sql<SqlBool>`${col('vanished_at', plain)} IS NOT NULL`
        : sql<SqlBool>`${col('vanished_at', plain)} IS NULL`,
    cube: (g) => (g.vanished_at === null ? 'no' : 'yes'),
  },
}

/** A facet whose every value is selected restricts nothing; yes+no is "both". */
function isActive(facet: Facet, values: string[]): boolean {
  if (values.length === 0) return false
  const domain = FILTERS[facet].domain
  return !(domain && domain.every((v) => values.includes(v)))
}

/** `LIKE` with the user's text taken literally. */
const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * Every word must appear in the student's name, number or the reason. One query reads the
 * items in table order (NOT INDEXED: reading `reason` row by row in an index's order costs a
 * random lookup per item, 20× slower at 50,000 items) and returns the matching ids.
 */
export function searchQuery(search: string) {
  const words = search.split(/\s+/).filter(Boolean)
  if (words.length === 0) return null
  const each = words.map((word) => {
    const p = likePattern(word)
    return sql<SqlBool>`(x.reason LIKE ${p} ESCAPE '\\' OR x.student_id IN (
      SELECT id FROM students WHERE name LIKE ${p} ESCAPE '\\' OR student_no LIKE ${p} ESCAPE '\\'))`
  })
  return sql<{ id: number }>`SELECT x.id FROM report_items AS x NOT INDEXED WHERE ${sql.join(each, sql` AND `)}`
}

/** The search as a condition: the ids found once (see QueueEnv), else the search itself. */
function searchCondition(search: string, env: QueueEnv): Condition[] {
  const query = searchQuery(search)
  if (!query) return []
  if (env.searchIds) return [sql<SqlBool>`ri.id IN (SELECT value FROM json_each(${JSON.stringify(env.searchIds)}))`]
  return [sql<SqlBool>`ri.id IN (${query})`]
}

export interface WhereOptions {
  /** Leave this facet's own filter out (each facet is counted with the OTHER filters). */
  except?: Facet | Facet[]
  /** Write indexed columns as `+ri.col` (see `col`). */
  plain?: boolean
}

/** The filter as SQL conditions over `report_items ri`, joined with AND (`1` when none). */
export function whereOf(filter: QueueFilter, env: QueueEnv, options: WhereOptions = {}): Condition {
  const except = new Set([options.except ?? []].flat())
  const conditions: Condition[] = []
  for (const facet of FACETS) {
    if (except.has(facet) || !isActive(facet, filter[facet])) continue
    conditions.push(FILTERS[facet].where(filter[facet], env, options.plain ?? false))
  }
  conditions.push(...searchCondition(filter.search, env))
  return conditions.length ? sql<SqlBool>`${sql.join(conditions, sql` AND `)}` : sql<SqlBool>`1`
}

/** Does a cube group pass every filter except `except` (search and class are applied in SQL)? */
export function groupPasses(group: CubeGroup, filter: QueueFilter, env: QueueEnv, except: Facet | null): boolean {
  for (const facet of FACETS) {
    const def = FILTERS[facet]
    if (facet === except || !def.cube || !isActive(facet, filter[facet])) continue
    if (!(filter[facet] as string[]).includes(def.cube(group, env))) return false
  }
  return true
}

/** Facets counted from the cube, and those that need their own query. */
export const CUBE_FACETS = FACETS.filter((f) => FILTERS[f].cube)
export const QUERY_FACETS = FACETS.filter((f) => !FILTERS[f].cube)
