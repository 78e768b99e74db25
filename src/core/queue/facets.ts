import type { Kysely, Transaction } from 'kysely'
import {
  FACETS,
  QUEUE_VIEWS,
  type Facet,
  type FacetCount,
  type QueueFacets,
  type QueueFilter,
} from '../../shared/contract/queue'
import { DEADLINE_STATES } from '../../shared/domain'
import type { Database } from '../db/schema'
import {
  awaitingInRound,
  CUBE_FACETS,
  deadlineCounts,
  FILTERS,
  groupPasses,
  QUERY_FACETS,
  whereOf,
  type CubeGroup,
  type QueueEnv,
} from './filters'

type Db = Kysely<Database> | Transaction<Database>

/**
 * Live facet counts: each facet counted with every OTHER filter applied.
 *
 * Counting each facet with its own GROUP BY would read the matching items once per facet
 * (eight times). Instead the items are counted once per combination of the cube's columns
 * (`facetCube`: a few hundred groups), and each cube facet is the sum of the groups that pass
 * the OTHER filters. Class and deadline are not columns of report_items: each gets its own
 * GROUP BY (OWN_COUNTS).
 */
export async function queueFacets(db: Db, filter: QueueFilter, env: QueueEnv): Promise<Omit<QueueFacets, 'anyItems'>> {
  const [cube, ...own] = await Promise.all([
    facetCube(db, filter, env),
    ...QUERY_FACETS.map((facet) => ownCounts(facet)(db, filter, env).then((rows) => ({ facet, rows }))),
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
  for (const { facet, rows } of own) for (const row of rows) counts[facet].set(row.value, Number(row.n))

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
 * The cube: items per combination of the cube's columns, among the items that pass the filters
 * the cube does not hold (search, class). With neither, the DB keeps it ready in
 * report_item_facet_counts (triggers, migration 0003); otherwise one streaming GROUP BY.
 */
export async function facetCube(db: Db, filter: QueueFilter, env: QueueEnv): Promise<CubeGroup[]> {
  if (!narrowsBeyondCube(filter)) {
    const rows = await db.selectFrom('report_item_facet_counts').selectAll().execute()
    return rows.map((r) => ({ ...r, vanished_at: r.vanished_at || null, source_changed_at: r.source_changed_at || null }))
  }
  return db
    .selectFrom('report_items as ri')
    .select([
      'ri.section', 'ri.status', 'ri.kind', 'ri.term', 'ri.error_type', 'ri.vanished_at', 'ri.source_changed_at',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where(whereOf(filter, env, { except: CUBE_FACETS }))
    // The index's column order, so the grouping streams.
    .groupBy(['ri.section', 'ri.status', 'ri.kind', 'ri.term', 'ri.error_type', 'ri.vanished_at', 'ri.source_changed_at'])
    .execute()
}

/** Does the filter restrict items by something the cube has no column for? */
export function narrowsBeyondCube(filter: QueueFilter): boolean {
  return filter.search !== '' || QUERY_FACETS.some((f) => filter[f].length > 0)
}

/** The number of items passing the whole filter, from the cube. */
export function totalOf(cube: CubeGroup[], filter: QueueFilter, env: QueueEnv): number {
  return cube.reduce((n, g) => (groupPasses(g, filter, env, null) ? n + g.n : n), 0)
}

type Counts = Promise<{ value: string; n: number }[]>

/** Facets the cube has no column for: each counted by its own GROUP BY, with the other filters. */
const OWN_COUNTS: Partial<Record<Facet, (db: Db, filter: QueueFilter, env: QueueEnv) => Counts>> = {
  // Walks students in class order (CROSS JOIN), each student's items by index.
  className: (db, filter, env) =>
    db
      .selectFrom('students as s')
      .crossJoin('report_items as ri')
      .whereRef('ri.student_id', '=', 's.id')
      .select(['s.class_name as value', (eb) => eb.fn.countAll<number>().as('n')])
      .where(whereOf(filter, env, { except: 'className' }))
      .groupBy('s.class_name')
      .execute(),
  // Only items with a deadline to meet are counted (awaiting investigation, in the round); one
  // row of sums over reported_at thresholds rather than a GROUP BY, which would sort every item.
  deadline: async (db, filter, env) => {
    if (!env.round) return []
    const counts = deadlineCounts(env.round.round, env.now)
    const { all, before, today } = counts.aggregates
    const row = await db
      .selectFrom('report_items as ri')
      .select([all.as('all'), before.as('before'), today.as('today')])
      .where(whereOf(filter, env, { except: 'deadline' }))
      .where(awaitingInRound(env))
      .executeTakeFirstOrThrow()
    const states = counts.states({ all: Number(row.all), before: Number(row.before), today: Number(row.today) })
    return DEADLINE_STATES.map((value) => ({ value, n: states[value] }))
  },
}

function ownCounts(facet: Facet) {
  const count = OWN_COUNTS[facet]
  // A filter row with neither a cube column nor its own count is a programming error (filters.ts).
  if (!count) throw new Error(`facet ${facet} has no way to be counted`)
  return count
}

/**
 * A facet's values: a fixed domain in its own order, all listed (0 included) so the panel
 * does not jump; data values sorted; a selected value always listed so it can be cleared.
 */
function listed(facet: Facet, counts: Map<string, number>, selected: string[]): FacetCount[] {
  const domain = FILTERS[facet].domain
  const values = domain
    ? [...domain]
    : [...new Set([...counts.keys(), ...selected])].sort((a, b) => a.localeCompare(b, 'zh-Hant', { numeric: true }))
  return values.map((value) => ({ value, count: counts.get(value) ?? 0 }))
}
