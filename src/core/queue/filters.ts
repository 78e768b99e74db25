import { sql, type RawBuilder, type SqlBool } from 'kysely'
import { FACETS, type Facet, type QueueFilter } from '../../shared/contract/queue'
import { AWAITING_INVESTIGATION, DEADLINE_STATES, ERROR_TYPES, ITEM_STATUSES, KINDS, SECTIONS } from '../../shared/domain'
import type { DeadlineState, ItemStatus } from '../../shared/domain'
import { HINT_STATES } from '../../shared/hints'
import type { Dialect } from '../db/dialect'
import type { Round } from '../db/schema'
import { deadlineStateSql } from '../rounds/deadline'
import { awaitingInRound } from './deadlines'
import { searchCondition } from './search'

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
   * How the filter's search reaches each query:
   * - `inline`: each query looks it up itself (triage, in its own transaction);
   * - `none`: it restricts nothing (blank, or every word is in every student's name or number);
   * - `hits`: the call found its items once, into the hits table (reader.ts), where each item
   *   the query's usual index path reaches is looked up — for searches that find most items
   *   (one common character, the first digits of the student numbers);
   * - `hitsLead`: the same, the hits few enough to lead the query (each read by primary key):
   *   queries over the matching items read `FROM matchingFrom(env)` (list.ts).
   */
  search: 'inline' | 'none' | 'hits' | 'hitsLead'
  /** The SQL the backend writes its own way (db/dialect.ts). */
  dialect: Dialect
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

export type Condition = RawBuilder<SqlBool>

/**
 * A column of report_items. `plain` writes it as `+ri.col` on SQLite, which keeps it from using
 * an index for that condition: the age sort walks the by_reported index instead of sorting.
 */
const col = (name: string, plain: boolean, env: QueueEnv) => (plain ? env.dialect.plainColumn(name) : sql.raw(`ri.${name}`))

const inList = (name: string) => (values: string[], env: QueueEnv, plain: boolean): Condition =>
  sql<SqlBool>`${col(name, plain, env)} IN (${sql.join(values)})`

interface FilterDef {
  /** The fixed values of the facet (listed with 0 when nothing matches); null = from the data. */
  domain: readonly string[] | null
  where(values: string[], env: QueueEnv, plain: boolean): Condition
  /** The facet's value for a cube group; absent = counted by its own query. */
  cube?(group: CubeGroup, env: QueueEnv): string
  /** The filter over the kept cubes' columns (timestamps stored as '' for NULL). */
  cubeWhere?(values: string[], env: QueueEnv): Condition
}

const inCube = (name: string) => (values: string[]): Condition => sql<SqlBool>`${sql.raw(name)} IN (${sql.join(values)})`

const isChanged = (changedAt: string | null, env: QueueEnv) =>
  env.latestImportAt !== null && changedAt !== null && changedAt >= env.latestImportAt

export const FILTERS: Record<Facet, FilterDef> = {
  section: { domain: SECTIONS, where: inList('section'), cube: (g) => g.section, cubeWhere: inCube('section') },
  kind: { domain: KINDS, where: inList('kind'), cube: (g) => g.kind, cubeWhere: inCube('kind') },
  term: { domain: null, where: inList('term'), cube: (g) => g.term, cubeWhere: inCube('term') },
  errorType: { domain: ERROR_TYPES, where: inList('error_type'), cube: (g) => g.error_type, cubeWhere: inCube('error_type') },
  status: { domain: ITEM_STATUSES, where: inList('status'), cube: (g) => g.status, cubeWhere: inCube('status') },
  deadline: {
    domain: DEADLINE_STATES,
    where: (values, env, plain) =>
      env.round
        ? sql<SqlBool>`(${awaitingInRound(env, plain)} AND ${deadlineStateSql(env.round.round, env.now)} IN (${sql.join(values)}))`
        : sql<SqlBool>`false`,
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
        ? sql<SqlBool>`false`
        : sql<SqlBool>`coalesce(${col('source_changed_at', plain, env)} >= ${env.latestImportAt}, false)`
      return values.includes('yes') ? changed : sql<SqlBool>`NOT ${changed}`
    },
    cube: (g, env) => (isChanged(g.source_changed_at, env) ? 'yes' : 'no'),
    cubeWhere: (values, env) => {
      // '' (never changed by an import) sorts before every timestamp.
      const changed = env.latestImportAt === null ? sql<SqlBool>`false` : sql<SqlBool>`source_changed_at >= ${env.latestImportAt}`
      return values.includes('yes') ? changed : sql<SqlBool>`NOT ${changed}`
    },
  },
  vanished: {
    domain: ['yes', 'no'],
    where: (values, env, plain) =>
      values.includes('yes')
        ? sql<SqlBool>`${col('vanished_at', plain, env)} IS NOT NULL`
        : sql<SqlBool>`${col('vanished_at', plain, env)} IS NULL`,
    cube: (g) => (g.vanished_at === null ? 'no' : 'yes'),
    cubeWhere: (values) => (values.includes('yes') ? sql<SqlBool>`vanished_at <> ''` : sql<SqlBool>`vanished_at = ''`),
  },
  // Not a column of the facet cube: counted from the cube kept with it (0011), like class.
  hint: {
    domain: HINT_STATES,
    where: (values) => sql<SqlBool>`coalesce(ri.hint_state, 'none') IN (${sql.join(values)})`,
  },
}

/** A facet whose every value is selected restricts nothing; yes+no is "both". */
export function isActive(facet: Facet, values: string[]): boolean {
  if (values.length === 0) return false
  const domain = FILTERS[facet].domain
  return !(domain && domain.every((v) => values.includes(v)))
}

export interface WhereOptions {
  /** Leave this facet's own filter out (each facet is counted with the OTHER filters). */
  except?: Facet | Facet[]
  /** Write indexed columns as `+ri.col` (see `col`). */
  plain?: boolean
  /**
   * Let SQLite seek report_items_facets (section, status, kind, …) when the filter restricts a
   * later column only: the unrestricted columns before it are written as "any value of the
   * domain" (the CHECK constraints hold every row to it), so each combination is one seek
   * instead of a scan of the whole index.
   */
  seek?: boolean
}

/** The leading columns of report_items_facets with a fixed domain, in index order. */
const SEEK_PATH: { facet: Facet; column: string; domain: readonly string[] }[] = [
  { facet: 'section', column: 'section', domain: SECTIONS },
  { facet: 'status', column: 'status', domain: ITEM_STATUSES },
  { facet: 'kind', column: 'kind', domain: KINDS },
]

export function seekHints(filter: QueueFilter, except: Set<Facet>, table = 'ri.'): Condition[] {
  const restricts = (f: Facet) => !except.has(f) && isActive(f, filter[f])
  // The deepest index column the filter restricts (term comes right after kind).
  const deepest = restricts('term') ? SEEK_PATH.length : SEEK_PATH.findLastIndex((c) => restricts(c.facet)) + 1
  return SEEK_PATH.slice(0, deepest)
    .filter((c) => !restricts(c.facet))
    .map((c) => sql<SqlBool>`${sql.raw(table + c.column)} IN (${sql.join([...c.domain])})`)
}

/** The filter as SQL conditions over `report_items ri`, joined with AND (`1` when none). */
export function whereOf(filter: QueueFilter, env: QueueEnv, options: WhereOptions = {}): Condition {
  const except = new Set([options.except ?? []].flat())
  const conditions: Condition[] = []
  for (const facet of FACETS) {
    if (except.has(facet) || !isActive(facet, filter[facet])) continue
    conditions.push(FILTERS[facet].where(filter[facet], env, options.plain ?? false))
  }
  // When the hits lead, the query reads them first (matchingFrom): the search is met already.
  const search = env.search === 'inline' || env.search === 'hits' ? searchCondition(filter.search, env.search === 'hits', env.dialect) : null
  if (search) conditions.push(search)
  if (options.seek && !options.plain && env.search !== 'hitsLead') conditions.push(...seekHints(filter, except))
  return conditions.length ? sql<SqlBool>`${sql.join(conditions, sql` AND `)}` : sql<SqlBool>`true`
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

/**
 * The filter over a kept cube's columns, leaving out `except` and class (the class cube has
 * its own column for it). Only for filters `keptCubeServes` accepts.
 */
export function cubeWhereOf(filter: QueueFilter, env: QueueEnv, options: { except?: Facet; seek?: boolean } = {}): Condition {
  const conditions: Condition[] = []
  for (const facet of CUBE_FACETS) {
    if (facet === options.except || !isActive(facet, filter[facet])) continue
    conditions.push(FILTERS[facet].cubeWhere!(filter[facet], env))
  }
  if (options.seek) conditions.push(...seekHints(filter, new Set(options.except ? [options.except] : []), ''))
  return conditions.length ? sql<SqlBool>`${sql.join(conditions, sql` AND `)}` : sql<SqlBool>`true`
}

/**
 * Can the counts the DB keeps (migrations 0003, 0005, 0011) answer for this filter? Not when a
 * search or the deadline narrows the items (neither is a column of the kept cubes), nor a class
 * and a hint together (each is the column of a cube of its own).
 */
export function keptCubeServes(filter: QueueFilter, env: QueueEnv): boolean {
  return env.search === 'none' && !isActive('deadline', filter.deadline) &&
    !(isActive('className', filter.className) && isActive('hint', filter.hint))
}

/** Facets counted from the cube, and those that need their own query. */
export const CUBE_FACETS = FACETS.filter((f) => FILTERS[f].cube)
export const QUERY_FACETS = FACETS.filter((f) => !FILTERS[f].cube)
