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
 * groups that pass the OTHER filters. Class and deadline are not columns of report_items:
 * class is summed from the cube the DB keeps per class, deadline from the cube and the items
 * reported in the last few days (deadlineFacet). With a search, the same queries read the
 * search's hits.
 */
export async function queueFacets(reader: QueueReader, filter: QueueFilter, env: QueueEnv): Promise<Omit<QueueFacets, 'anyItems'>> {
  const cube = await facetCube(reader, filter, env)
  const counts = Object.fromEntries(FACETS.map((f) => [f, new Map<string, number>()])) as Record<Facet, Map<string, number>>
  const total = totalOf(cube, filter, env)
  for (const group of cube) {
    for (const facet of CUBE_FACETS) {
      if (!groupPasses(group, filter, env, facet)) continue
      const value = FILTERS[facet].cube!(group, env)
      counts[facet].set(value, (counts[facet].get(value) ?? 0) + group.n)
    }
  }
  for (const row of await classCounts(reader, filter, env)) counts.className.set(row.value, row.n)
  for (const [state, n] of Object.entries(await deadlineFacet(reader, filter, env, cube))) counts.deadline.set(state, n)

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

/**
 * Can the counts the DB keeps (migrations 0003, 0005) answer for this filter? Not when a search
 * or the deadline narrows the items: neither is a column of the kept cubes.
 */
export function keptCubeServes(filter: QueueFilter, env: QueueEnv): boolean {
  return env.search === 'none' && !isActive('deadline', filter.deadline)
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
    rows = filter.className.length === 0
      ? await reader.all<CubeGroup>(`SELECT * FROM report_item_facet_counts`)
      : await reader.all<CubeGroup>(sql`SELECT ${CUBE_COLUMNS}, sum(n) AS n FROM report_item_class_counts
          WHERE class_name IN (${sql.join(filter.className)}) GROUP BY ${CUBE_COLUMNS}`)
    return rows.map((r) => ({ ...r, vanished_at: r.vanished_at || null, source_changed_at: r.source_changed_at || null }))
  }
  const where = whereOf(filter, env, { except: CUBE_FACETS })
  return reader.all<CubeGroup>(sql`SELECT ri.section, ri.status, ri.kind, ri.term, ri.error_type, ri.vanished_at,
      ri.source_changed_at, count(*) AS n
    FROM ${matchingFrom(env)} WHERE ${where}
    GROUP BY ri.section, ri.status, ri.kind, ri.term, ri.error_type, ri.vanished_at, ri.source_changed_at`)
}

/** The number of items passing the whole filter, from the cube. */
export function totalOf(cube: CubeGroup[], filter: QueueFilter, env: QueueEnv): number {
  return cube.reduce((n, g) => (groupPasses(g, filter, env, null) ? n + g.n : n), 0)
}

/** The class facet, with the other filters: summed from the per-class cube when it serves. */
function classCounts(reader: QueueReader, filter: QueueFilter, env: QueueEnv): Promise<{ value: string; n: number }[]> {
  if (keptCubeServes(filter, env)) {
    return reader.all<{ value: string; n: number }>(sql`SELECT class_name AS value, sum(n) AS n FROM report_item_class_counts
      WHERE ${cubeWhereOf(filter, env, { seek: true })} GROUP BY class_name`)
  }
  // Students in class order (or the search's hits), each student's items by index.
  const where = whereOf(filter, env, { except: 'className' })
  return reader.all<{ value: string; n: number }>(sql`SELECT s.class_name AS value, count(*) AS n
    FROM ${matchingFrom(env, { classOrder: true })} WHERE ${where} GROUP BY s.class_name`)
}

/**
 * The deadline facet: how many items with a deadline to meet (awaiting investigation, in the
 * round) are overdue, due today, calm — with the other filters.
 *
 * Without a search, the kept cube says how many such items there are (`all`), and only the
 * items reported since the overdue threshold (the last few days) and those with no report
 * time are read, by reported_at's index: the rest are overdue. With a search, one pass over
 * the matching items sums the thresholds.
 */
async function deadlineFacet(reader: QueueReader, filter: QueueFilter, env: QueueEnv, cube: CubeGroup[]): Promise<Record<string, number>> {
  if (!env.round) return {}
  const counts = deadlineCounts(env.round.round, env.now)
  const others = { ...filter, deadline: [] }
  if (keptCubeServes(others, env)) {
    const groups = isActive('deadline', filter.deadline) ? await facetCube(reader, others, env) : cube
    const all = groups.reduce((n, g) => (groupAwaits(g, env) && groupPasses(g, filter, env, 'deadline') ? n + g.n : n), 0)
    const t = counts.thresholds
    if (all === 0 || t.allOverdue) return counts.states({ all, before: all, today: 0 })
    // No deadline falls by today's end but the fix end's (the rule's floor is days away).
    if (t.dueBy === '') return counts.states({ all, before: 0, today: 0 })
    // `plain`: SQLite walks reported_at's index over the recent items rather than every item.
    const where = sql`${whereOf(others, env, { plain: true })} AND ${awaitingInRound(env, true)}`
    const unreported = (await reader.get<{ n: number }>(sql`SELECT count(*) AS n FROM report_items AS ri
      WHERE ri.reported_at IS NULL AND ${where}`))!
    if (t.overdueBefore === '') {
      // Nothing is overdue yet (the floor's deadlines fall later today): what is not due today
      // was reported after dueBy — the recent items again.
      const later = (await reader.get<{ n: number }>(sql`SELECT count(*) AS n FROM report_items AS ri
        WHERE ri.reported_at > ${t.dueBy} AND ${where}`))!
      return counts.states({ all, before: 0, today: all - later.n - unreported.n })
    }
    const recent = (await reader.get<{ n: number; today: number }>(sql`SELECT count(*) AS n,
        coalesce(sum(CASE WHEN ri.reported_at <= ${t.dueBy} THEN 1 ELSE 0 END), 0) AS today
      FROM report_items AS ri WHERE ri.reported_at >= ${t.overdueBefore} AND ${where}`))!
    return counts.states({ all, before: all - recent.n - unreported.n, today: recent.today })
  }
  const { all, before, today } = counts.aggregates
  // Awaiting means new or checking: said as a status filter too, so that the seek uses it.
  const awaiting = filter.status.length ? filter : { ...filter, status: [...AWAITING_INVESTIGATION] }
  const where = whereOf(awaiting, env, { except: 'deadline', seek: true })
  const row = (await reader.get<{ all: number; before: number; today: number }>(sql`SELECT ${all} AS "all", ${before} AS before,
      ${today} AS today FROM ${matchingFrom(env)} WHERE ${where} AND ${awaitingInRound(env)}`))!
  return counts.states(row)
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
