import type { Kysely, Transaction } from 'kysely'
import {
  FACETS,
  QUEUE_VIEWS,
  type Facet,
  type FacetCount,
  type QueueFacets,
  type QueueFilter,
} from '../../shared/contract/queue'
import type { Database } from '../db/schema'
import { CUBE_FACETS, FILTERS, groupPasses, whereOf, type CubeGroup, type QueueEnv } from './filters'

type Db = Kysely<Database> | Transaction<Database>

/**
 * Live facet counts: each facet counted with every OTHER filter applied.
 *
 * Counting each facet with its own GROUP BY reads the matching items once per facet (eight
 * times). Instead the DB reads them once: one GROUP BY over every cube column, which streams
 * through the report_items_facets index in its own order (no sort), gives a few hundred
 * groups; each cube facet is then the sum of the groups that pass the other filters. Class is
 * not a column of report_items, so it gets its own GROUP BY, walking students in class order.
 */
export async function queueFacets(db: Db, filter: QueueFilter, env: QueueEnv): Promise<Omit<QueueFacets, 'anyItems'>> {
  const [cube, classes] = await Promise.all([facetCube(db, filter, env), classCounts(db, filter, env)])

  const counts = Object.fromEntries(FACETS.map((f) => [f, new Map<string, number>()])) as Record<Facet, Map<string, number>>
  let total = 0
  for (const group of cube) {
    if (groupPasses(group, filter, env, null)) total += group.n
    for (const facet of CUBE_FACETS) {
      if (!groupPasses(group, filter, env, facet)) continue
      const value = FILTERS[facet].cube!(group, env)
      counts[facet].set(value, (counts[facet].get(value) ?? 0) + group.n)
    }
  }
  for (const row of classes) counts.className.set(row.class_name, Number(row.n))

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

/** Filters not in the cube (class, search) are applied in SQL; the cube's own in `groupPasses`. */
function facetCube(db: Db, filter: QueueFilter, env: QueueEnv): Promise<CubeGroup[]> {
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

function classCounts(db: Db, filter: QueueFilter, env: QueueEnv) {
  return db
    .selectFrom('students as s')
    .crossJoin('report_items as ri')
    .whereRef('ri.student_id', '=', 's.id')
    .select(['s.class_name', (eb) => eb.fn.countAll<number>().as('n')])
    .where(whereOf(filter, env, { except: 'className' }))
    .groupBy('s.class_name')
    .execute()
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
