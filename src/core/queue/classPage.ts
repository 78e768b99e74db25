import { sql, type RawBuilder } from 'kysely'
import type { QueueFilter, QueueSort } from '../../shared/contract/queue'
import { orderByOf, SORTS } from './columns'
import { cubeWhereOf, isActive, keptCubeServes, whereOf, type QueueEnv } from './filters'
import { pageWindow } from './pageWindow'
import type { QueueReader } from './reader'

// A page sorted by class (class, seat, id) placed by the per-class cube the DB keeps
// (report_item_class_counts, migration 0005): it says how many matching items each class holds,
// so the page's window is known to fall within one or two classes, and only those classes'
// items are read and sorted. Sorting every match and skipping to a deep page read and sorted
// every matching item: page 51 of a section's 17,500 items cost ~50 ms on a server.

interface ClassPageRequest {
  filter: QueueFilter
  sort: QueueSort
  offset: number
  limit: number
}

/** Does the per-class cube serve this class-sorted page? Not with a hint filter (the cube has no hint column). */
export function classCubePlacesPage({ filter, sort }: ClassPageRequest, env: QueueEnv): boolean {
  return SORTS[sort.column].path === 'student' && keptCubeServes(filter, env) && !isActive('hint', filter.hint)
}

/**
 * The queries of the page's ids, class by class. The classes come back in the DB's own order of
 * class_name (the collation the page's ORDER BY uses), each with its matching items; each class
 * in the window is then read in the sort's order, with the offset within it. Only when
 * classCubePlacesPage.
 */
export async function pageIdsByClass(reader: QueueReader, request: ClassPageRequest, env: QueueEnv): Promise<RawBuilder<{ id: number }>[]> {
  const { filter, sort, offset, limit } = request
  const dir = sql.raw(sort.direction === 'asc' ? 'ASC' : 'DESC')
  const chosen = isActive('className', filter.className) ? sql`AND class_name IN (${sql.join(filter.className)})` : sql``
  const classes = await reader.all<{ class_name: string; n: number }>(sql`SELECT class_name, sum(n) AS n
    FROM report_item_class_counts WHERE ${cubeWhereOf(filter, env, { seek: true })} ${chosen}
    GROUP BY class_name ORDER BY class_name ${dir}`)
  const where = whereOf({ ...filter, className: [] }, env)
  const reads: RawBuilder<{ id: number }>[] = []
  for (const { group: { class_name }, skip, take } of pageWindow(classes, offset, limit)) {
    // Students of the class in seat order, each student's items by index (as the unplaced page).
    reads.push(sql<{ id: number }>`SELECT ri.id
      FROM students AS s ${env.dialect.orderedJoin} report_items AS ri ON ri.student_id = s.id
      WHERE s.class_name = ${class_name} AND ${where} ORDER BY ${orderByOf(sort, env)} LIMIT ${take} OFFSET ${skip}`)
  }
  return reads
}
