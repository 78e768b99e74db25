import { sql } from 'kysely'
import {
  FACETS,
  QUEUE_VIEWS,
  type Facet,
  type FacetCount,
  type QueueFacets,
  type QueueFilter,
} from '../../shared/contract/queue'
import { AWAITING_INVESTIGATION, DEADLINE_STATES } from '../../shared/domain'
import { deadlineCounts } from '../rounds/deadline'
import { awaitingInRound, groupAwaits } from './deadlines'
import {
  CUBE_FACETS,
  cubeWhereOf,
  FILTERS,
  groupPasses,
  isActive,
  keptCubeServes,
  whereOf,
  type CubeGroup,
  type QueueEnv,
} from './filters'
import { matchingFrom } from './list'
import type { QueueReader } from './reader'

/**
 * Live facet counts: each facet counted with every OTHER filter applied.
 *
 * Counting each facet with its own GROUP BY would read the matching items once per facet
 * (nine times). Instead the items are counted once per combination of the cube's columns
 * (`facetCube`: a few hundred groups, kept by the DB), and each cube facet is the sum of the
 * groups that pass the OTHER filters. Class, hint and deadline are not columns of the cube:
 * class and hint are summed from the cubes the DB keeps with them, deadline from the cube and the items
 * reported in the last few days (deadlineReads). With a search, the same queries read the
 * search's hits.
 */
export async function queueFacets(reader: QueueReader, filter: QueueFilter, env: QueueEnv): Promise<Omit<QueueFacets, 'anyItems'>> {
  // The queries do not wait for one another (on a server: one round trip for them all).
  const together = env.search === 'hitsLead' && env.dialect.groupingSets ? searchCounts(reader, filter, env) : null
  const [cube, classRows, hintRows, deadlines] = await Promise.all([
    together ? together.then((t) => t.cube) : facetCube(reader, filter, env),
    together ? together.then((t) => t.classes) : classCounts(reader, filter, env),
    together ? together.then((t) => t.hints) : hintCounts(reader, filter, env),
    together ? together.then((t) => async () => t.deadlines) : deadlineReads(reader, filter, env),
  ])
  const counts = Object.fromEntries(FACETS.map((f) => [f, new Map<string, number>()])) as Record<Facet, Map<string, number>>
  const total = totalOf(cube, filter, env)
  for (const group of cube) {
    for (const facet of CUBE_FACETS) {
      if (!groupPasses(group, filter, env, facet)) continue
      const value = FILTERS[facet].cube!(group, env)
      counts[facet].set(value, (counts[facet].get(value) ?? 0) + group.n)
    }
  }
  for (const row of classRows) counts.className.set(row.value, row.n)
  for (const row of hintRows) counts.hint.set(row.value, row.n)
  for (const [state, n] of Object.entries(await deadlines(cube))) counts.deadline.set(state, n)

  const facets = Object.fromEntries(FACETS.map((f) => [f, listed(f, counts[f], filter[f])])) as Record<Facet, FacetCount[]>
  const status = counts.status
  return {
    total,
    facets,
    views: QUEUE_VIEWS.map((v) => ({
      id: v.id,
      label: v.label,
      count: v.statuses.reduce((n, s) => n + (status.get(s) ?? 0), 0),
    })),
    latestImportAt: env.latestImportAt,
  }
}

const CUBE_COLUMNS = sql.raw('section, status, kind, term, error_type, vanished_at, source_changed_at')

/**
 * The cube: items per combination of the cube's columns, among the items that pass the filters
 * the cube does not hold (search, class, deadline). Kept by the DB in report_item_facet_counts,
 * or per class in report_item_class_counts; with a search or a deadline filter, one GROUP BY
 * over the matching items.
 */
export async function facetCube(reader: QueueReader, filter: QueueFilter, env: QueueEnv): Promise<CubeGroup[]> {
  let rows: CubeGroup[]
  if (keptCubeServes(filter, env)) {
    rows = filter.className.length > 0
      ? await reader.all<CubeGroup>(sql`SELECT ${CUBE_COLUMNS}, sum(n) AS n FROM report_item_class_counts
          WHERE class_name IN (${sql.join(filter.className)}) GROUP BY ${CUBE_COLUMNS}`)
      : isActive('hint', filter.hint)
        ? await reader.all<CubeGroup>(sql`SELECT ${CUBE_COLUMNS}, sum(n) AS n FROM report_item_hint_counts
            WHERE hint_state IN (${sql.join(filter.hint)}) GROUP BY ${CUBE_COLUMNS}`)
        : await reader.all<CubeGroup>(`SELECT * FROM report_item_facet_counts`)
    return rows.map((r) => ({ ...r, vanished_at: r.vanished_at || null, source_changed_at: r.source_changed_at || null }))
  }
  const where = whereOf(filter, env, { except: CUBE_FACETS })
  return reader.all<CubeGroup>(sql`SELECT ri.section, ri.status, ri.kind, ri.term, ri.error_type, ri.vanished_at,
      ri.source_changed_at, count(*) AS n
    FROM ${matchingFrom(env)} WHERE ${where}
    GROUP BY ri.section, ri.status, ri.kind, ri.term, ri.error_type, ri.vanished_at, ri.source_changed_at`)
}

type ValueCount = { value: string; n: number }

/**
 * With a search's hits leading, on a server: the cube, class, hint and deadline counts in one pass
 * over the hits (GROUPING SETS, each count FILTERed by the other filters, as its own query's WHERE
 * was), instead of four joins of the hits to report_items (2.2–2.9 ms each for 1,366 hits).
 */
async function searchCounts(reader: QueueReader, filter: QueueFilter, env: QueueEnv): Promise<SearchCounts> {
  const hint = sql`coalesce(ri.hint_state, 'none')`
  // The deadline facet's items, split by the thresholds.
  const deadline = env.round ? deadlineCounts(env.round.round, env.now) : null
  const dueWhere = awaitingDeadline(filter, env)
  const due = deadline
    ? sql`, count(*) FILTER (WHERE ${dueWhere}) AS due_all,
      count(*) FILTER (WHERE ${dueWhere} AND ${deadline.split.before}) AS due_before,
      count(*) FILTER (WHERE ${dueWhere} AND ${deadline.split.today}) AS due_today`
    : sql``
  const rows = await reader.all<SearchCountRow>(sql`
    SELECT ri.section, ri.status, ri.kind, ri.term, ri.error_type, ri.vanished_at, ri.source_changed_at,
      s.class_name, ${hint} AS hint_value, GROUPING(ri.section, s.class_name) AS grouped,
      count(*) FILTER (WHERE ${whereOf(filter, env, { except: CUBE_FACETS })}) AS n,
      count(*) FILTER (WHERE ${whereOf(filter, env, { except: 'className' })}) AS n_class,
      count(*) FILTER (WHERE ${whereOf(filter, env, { except: 'hint' })}) AS n_hint${due}
    FROM ${matchingFrom(env, { students: true })}
    GROUP BY GROUPING SETS ((ri.section, ri.status, ri.kind, ri.term, ri.error_type, ri.vanished_at, ri.source_changed_at),
      (s.class_name), (${hint}))`)
  // GROUPING(section, class_name): 1 on the cube's rows (class left out), 2 on the classes', 3 on the hints'.
  const cube: CubeGroup[] = []
  const classes: ValueCount[] = []
  const hints: ValueCount[] = []
  // The deadline's counts: every hit is in exactly one of the cube's rows.
  const sums = { all: 0, before: 0, today: 0 }
  for (const r of rows) {
    if (r.grouped === 1) {
      if (r.n > 0) {
        cube.push({ section: r.section, status: r.status, kind: r.kind, term: r.term, error_type: r.error_type,
          vanished_at: r.vanished_at, source_changed_at: r.source_changed_at, n: r.n })
      }
      sums.all += Number(r.due_all ?? 0)
      sums.before += Number(r.due_before ?? 0)
      sums.today += Number(r.due_today ?? 0)
    } else if (r.grouped === 2 && r.n_class > 0) classes.push({ value: r.class_name, n: r.n_class })
    else if (r.grouped === 3 && r.n_hint > 0) hints.push({ value: r.hint_value, n: r.n_hint })
  }
  return { cube, classes, hints, deadlines: deadline ? deadline.states(sums) : {} }
}

interface SearchCounts {
  cube: CubeGroup[]
  classes: ValueCount[]
  hints: ValueCount[]
  /** Items per deadline state, as deadlineReads gives them. */
  deadlines: Record<string, number>
}

type SearchCountRow = CubeGroup & {
  class_name: string; hint_value: string; grouped: number; n_class: number; n_hint: number
  due_all?: number; due_before?: number; due_today?: number
}

/** The number of items passing the whole filter, from the cube. */
export function totalOf(cube: CubeGroup[], filter: QueueFilter, env: QueueEnv): number {
  return cube.reduce((n, g) => (groupPasses(g, filter, env, null) ? n + g.n : n), 0)
}

/** The class facet, with the other filters: summed from the per-class cube when it serves. */
function classCounts(reader: QueueReader, filter: QueueFilter, env: QueueEnv): Promise<{ value: string; n: number }[]> {
  if (keptCubeServes(filter, env) && !isActive('hint', filter.hint)) {
    return reader.all<{ value: string; n: number }>(sql`SELECT class_name AS value, sum(n) AS n FROM report_item_class_counts
      WHERE ${cubeWhereOf(filter, env, { seek: true })} GROUP BY class_name`)
  }
  // Students in class order (or the search's hits), each student's items by index.
  const where = whereOf(filter, env, { except: 'className' })
  return reader.all<{ value: string; n: number }>(sql`SELECT s.class_name AS value, count(*) AS n
    FROM ${matchingFrom(env, { classOrder: true })} WHERE ${where} GROUP BY s.class_name`)
}

/** The hint facet, with the other filters: summed from the cube kept with the hint (0011) when it serves. */
function hintCounts(reader: QueueReader, filter: QueueFilter, env: QueueEnv): Promise<{ value: string; n: number }[]> {
  if (keptCubeServes(filter, env) && !isActive('className', filter.className)) {
    return reader.all<{ value: string; n: number }>(sql`SELECT hint_state AS value, sum(n) AS n FROM report_item_hint_counts
      WHERE ${cubeWhereOf(filter, env, { seek: true })} GROUP BY hint_state`)
  }
  const where = whereOf(filter, env, { except: 'hint' })
  return reader.all<{ value: string; n: number }>(sql`SELECT coalesce(ri.hint_state, 'none') AS value, count(*) AS n
    FROM ${matchingFrom(env)} WHERE ${where} GROUP BY coalesce(ri.hint_state, 'none')`)
}

/**
 * The deadline facet: how many items with a deadline to meet (awaiting investigation, in the
 * round) are overdue, due today, calm — with the other filters.
 *
 * Without a search, the kept cube says how many such items there are (`all`), and only the
 * items reported since the overdue threshold (the last few days) and those with no report
 * time are read, by reported_at's index: the rest are overdue. With a search, one pass over
 * the matching items sums the thresholds.
 *
 * Returns, once its reads are sent, the facet from the call's cube. The reads that the cube may
 * make needless (no item awaits) wait for it where a statement is cheap (SQLite); on a server,
 * where waiting costs a round trip, they go out with the other facets' queries.
 */
async function deadlineReads(reader: QueueReader, filter: QueueFilter, env: QueueEnv): Promise<(cube: CubeGroup[]) => Promise<Record<string, number>>> {
  if (!env.round) return async () => ({})
  const counts = deadlineCounts(env.round.round, env.now)
  const others = { ...filter, deadline: [] }
  if (keptCubeServes(others, env)) {
    const own = isActive('deadline', filter.deadline) ? facetCube(reader, others, env) : null
    const t = counts.thresholds
    const recentReads = () => {
      // No deadline falls by today's end but the fix end's (the rule's floor is days away).
      if (t.allOverdue || t.dueBy === '') return null
      // `plain`: SQLite walks reported_at's index over the recent items rather than every item.
      const where = sql`${whereOf(others, env, { plain: true })} AND ${awaitingInRound(env, true)}`
      const unreported = reader.get<{ n: number }>(sql`SELECT count(*) AS n FROM report_items AS ri
        WHERE ri.reported_at IS NULL AND ${where}`)
      // Nothing is overdue yet (the floor's deadlines fall later today): what is not due today
      // was reported after dueBy — the recent items again.
      const recent = t.overdueBefore === ''
        ? reader.get<{ n: number; today: number }>(sql`SELECT count(*) AS n, 0 AS today FROM report_items AS ri
            WHERE ri.reported_at > ${t.dueBy} AND ${where}`)
        : reader.get<{ n: number; today: number }>(sql`SELECT count(*) AS n,
              coalesce(sum(CASE WHEN ri.reported_at <= ${t.dueBy} THEN 1 ELSE 0 END), 0) AS today
            FROM report_items AS ri WHERE ri.reported_at >= ${t.overdueBefore} AND ${where}`)
      return Promise.all([unreported, recent])
    }
    const sent = reader.pipelines ? recentReads() : null
    sent?.catch(() => undefined) // awaited below
    return async (cube) => {
      const groups = own ? await own : cube
      const all = groups.reduce((n, g) => (groupAwaits(g, env) && groupPasses(g, filter, env, 'deadline') ? n + g.n : n), 0)
      if (all === 0 || t.allOverdue) {
        await sent
        return counts.states({ all, before: all, today: 0 })
      }
      const read = await (sent ?? recentReads())
      if (!read) return counts.states({ all, before: 0, today: 0 })
      const [unreported, recent] = [read[0]!.n, read[1]!]
      if (t.overdueBefore === '') return counts.states({ all, before: 0, today: all - recent.n - unreported })
      return counts.states({ all, before: all - recent.n - unreported, today: recent.today })
    }
  }
  const { all, before, today } = counts.aggregates
  const row = reader.get<{ all: number; before: number; today: number }>(sql`SELECT ${all} AS "all", ${before} AS before,
      ${today} AS today FROM ${matchingFrom(env)} WHERE ${awaitingDeadline(filter, env)}`)
  row.catch(() => undefined) // awaited below
  return async () => counts.states((await row)!)
}

/** The items the deadline facet counts: awaiting investigation in the round, with the other filters. */
function awaitingDeadline(filter: QueueFilter, env: QueueEnv) {
  // Awaiting means new or checking: said as a status filter too, so that the seek uses it.
  const awaiting = filter.status.length ? filter : { ...filter, status: [...AWAITING_INVESTIGATION] }
  return sql`${whereOf(awaiting, env, { except: 'deadline', seek: true })} AND ${awaitingInRound(env)}`
}

/** Classes and terms in reading order ('101' < '102' < '1010'). One collator: localeCompare with options builds one per call. */
const byDataValue = new Intl.Collator('zh-Hant', { numeric: true }).compare

/**
 * A facet's values: a fixed domain in its own order, all listed (0 included) so the panel
 * does not jump; data values sorted; a selected value always listed so it can be cleared.
 */
function listed(facet: Facet, counts: Map<string, number>, selected: string[]): FacetCount[] {
  const domain = FILTERS[facet].domain
  const values = domain
    ? [...domain]
    : [...new Set([...counts.keys(), ...selected])].sort(byDataValue)
  return values.map((value) => ({ value, count: counts.get(value) ?? 0 }))
}
