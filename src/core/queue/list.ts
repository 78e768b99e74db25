import { sql, type RawBuilder } from 'kysely'
import type { QueueFilter, QueueRow, QueueSort } from '../../shared/contract/queue'
import type { ReportItem } from '../db/schema'
import { classCubePlacesPage, pageIdsByClass } from './classPage'
import type { Db } from '../db/store'
import { orderByOf, SORTS } from './columns'
import { rowDeadline } from './deadlines'
import { groupPasses, whereOf, type CubeGroup, type QueueEnv } from './filters'
import { pageWindow } from './pageWindow'
import type { QueueReader } from './reader'


export interface PageRequest {
  filter: QueueFilter
  sort: QueueSort
  offset: number
  limit: number
}

/** Read whole for the page's ids only (see queuePage). */
const PAGE_COLUMNS = `ri.id, ri.version, ri.student_id, s.name, s.class_name, s.seat, s.student_no, ri.kind, ri.term,
    ri.section, ri.error_type, ri.reason, ri.status, ri.resolution, ri.reported_at, ri.updated_at, ri.updated_by,
    ri.vanished_at, ri.source_changed_at, ri.hint_state, ri.hint, ri.channel`
const PAGE_ROWS = `SELECT ${PAGE_COLUMNS} FROM report_items AS ri JOIN students AS s ON s.id = ri.student_id WHERE ri.id IN `

/**
 * One page of the queue. The page's ids are found first on narrow rows (filter, sort, offset,
 * limit over the indexes); only those rows are then read whole, and put back in that order
 * (an ORDER BY on the second query would make SQLite re-walk the whole sort path). On a server,
 * where each wait is a round trip, the ids' queries are the rows' statement's subquery instead,
 * and its ORDER BY sorts the page's rows only. With the kept cube (still on its way: the ids'
 * query goes out with it unless the cube places the page's window), see pageIdsByCube; sorted
 * by class, with the per-class cube, see pageIdsByClass.
 */
export async function queuePage(reader: QueueReader, request: PageRequest, env: QueueEnv, cube: Promise<CubeGroup[]> | null = null): Promise<QueueRow[]> {
  const queries = cube && cubePlacesPage(request)
    ? pageIdsByCube(request, env, await cube)
    : classCubePlacesPage(request, env)
      ? await pageIdsByClass(reader, request, env)
      : [pageIds(request, env)]
  if (queries.length === 0) return []
  if (reader.pipelines) {
    const ids = queries.length === 1 ? queries[0] : sql.join(queries.map((q) => sql`(${q})`), sql` UNION ALL `)
    const rows = await reader.all<PageRow>(sql`${sql.raw(PAGE_ROWS)} (${ids}) ORDER BY ${orderByOf(request.sort, env)}`)
    return rows.map((r) => toQueueRow(r, env))
  }
  const ids = (await Promise.all(queries.map((q) => reader.all<{ id: number }>(q)))).flat().map((r) => r.id)
  if (ids.length === 0) return []
  const rows = await reader.all<PageRow>(sql`${sql.raw(PAGE_ROWS)} (${sql.join(ids)})`)
  const position = new Map(ids.map((id, i) => [id, i]))
  rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!)
  return rows.map((r) => toQueueRow(r, env))
}

/** A query of a page's ids, in order. */
export type IdsQuery = RawBuilder<{ id: number }>

type ItemRow = Pick<ReportItem, 'id' | 'version' | 'student_id' | 'kind' | 'term' | 'section' | 'error_type' | 'reason'
  | 'status' | 'resolution' | 'reported_at' | 'updated_at' | 'updated_by' | 'vanished_at' | 'source_changed_at' | 'hint_state' | 'hint' | 'channel'>
type PageRow = ItemRow & { name: string; class_name: string; seat: string; student_no: string }

/** A report item (with its student) as the queue shows it. */
export function toQueueRow(r: PageRow, env: QueueEnv): QueueRow {
  const due = rowDeadline(r, env)
  return {
    id: r.id,
    version: r.version,
    studentId: r.student_id,
    studentName: r.name,
    className: r.class_name,
    seat: r.seat,
    studentNo: r.student_no,
    kind: r.kind,
    term: r.term,
    section: r.section,
    errorType: r.error_type,
    reason: r.reason,
    status: r.status,
    resolution: r.resolution,
    reportedAt: r.reported_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    vanished: r.vanished_at !== null,
    changedSinceImport:
      env.latestImportAt !== null && r.source_changed_at !== null && r.source_changed_at >= env.latestImportAt,
    deadline: due?.deadline ?? null,
    deadlineState: due?.state ?? null,
    hint: r.hint,
    hintState: r.hint_state,
    channel: r.channel,
  }
}

/**
 * `FROM` of a query over the matching items. With a search, the call's hits lead (a few
 * hundred items, read by primary key); otherwise the filter's index, or students in class order.
 */
export function matchingFrom(env: QueueEnv, options: { students?: boolean; classOrder?: boolean } = {}) {
  const join = env.dialect.orderedJoin
  if (env.search === 'hitsLead') {
    const from = sql`${sql.raw(env.dialect.searchHitsTable)} AS h ${join} report_items AS ri ON ri.id = h.id`
    return options.students || options.classOrder ? sql`${from} ${join} students AS s ON s.id = ri.student_id` : from
  }
  // CROSS JOIN makes SQLite walk students in class order and each student's items by index.
  if (options.classOrder) return sql`students AS s ${join} report_items AS ri ON ri.student_id = s.id`
  return options.students ? sql`report_items AS ri JOIN students AS s ON s.id = ri.student_id` : sql`report_items AS ri`
}

/** The ids of one page, in order (and with `counted`, each with how many items match). Which tables lead depends on the sort (columns.ts). */
function pageIds({ filter, sort, offset, limit }: PageRequest, env: QueueEnv, counted = false): IdsQuery {
  const def = SORTS[sort.column]
  const where = whereOf(filter, env, { plain: env.search !== 'hitsLead' && def.path === 'reported', seek: def.path === null })
  const from = matchingFrom(env, { students: def.student, classOrder: def.path === 'student' })
  const total = counted ? sql`, count(*) OVER () AS total` : sql``
  return sql<{ id: number }>`SELECT ri.id${total} FROM ${from} WHERE ${where} ORDER BY ${orderByOf(sort, env)} LIMIT ${limit} OFFSET ${offset}`
}

/**
 * A search's page and how many items match, in one statement when it pays: on a server (each
 * statement there is its own pass over the hits, one after the other on the connection) for a
 * search whose hits lead, where the page's sort reads every hit anyway. The count rides on the
 * page's rows (`count(*) OVER ()`, taken before the LIMIT); a page past the end has no row to carry
 * it, and is counted apart. Null where the page and the count are better apart.
 */
export async function searchPageCounted(
  reader: QueueReader, request: PageRequest, env: QueueEnv,
): Promise<{ rows: QueueRow[]; total: number } | null> {
  if (!reader.pipelines || env.search !== 'hitsLead') return null
  const rows = await reader.all<PageRow & { total: number | string }>(sql`WITH page AS (${pageIds(request, env, true)})
    SELECT ${sql.raw(PAGE_COLUMNS)}, page.total FROM page JOIN report_items AS ri ON ri.id = page.id
      JOIN students AS s ON s.id = ri.student_id ORDER BY ${orderByOf(request.sort, env)}`)
  const total = rows.length ? Number(rows[0].total) : await queueCount(reader, request.filter, env)
  return { rows: rows.map((r) => toQueueRow(r, env)), total }
}

/** Rows read in id order per matching item sorted, at which walking the table costs what sorting does (measured). */
const WALK_PER_SORTED = 3

/** Can the kept cube place this page's window (pageIdsByCube)? Not for other sorts, nor the class and hint cubes (their groups are not every item's). */
function cubePlacesPage({ filter, sort }: PageRequest): boolean {
  return SORTS[sort.column].cubeKeys !== undefined &&
    filter.className.length === 0 && filter.hint.length === 0
}

/**
 * A page sorted by columns of the facet cube (status, kind, term, error type), with the cube
 * the DB keeps for this filter: it says how many matching items hold each value of the sort
 * keys, so the page's window falls within known values, and each of those is read in id order
 * — walking the table when such items are dense enough that the window comes after a few
 * thousand rows, else through the facets index and a sort of those items only (a sort of
 * every match cost 2.5 ms at 8,000 matches). Only when cubePlacesPage. The cube's counts are
 * exact (the same snapshot), so each value's read is known to bring `take` ids: the reads go
 * out together.
 */
function pageIdsByCube({ filter, sort, offset, limit }: PageRequest, env: QueueEnv, cube: CubeGroup[]): IdsQuery[] {
  const keys = SORTS[sort.column].cubeKeys!
  const tuples = new Map<string, { values: string[]; n: number }>()
  let items = 0
  for (const group of cube) {
    items += group.n
    if (!groupPasses(group, filter, env, null)) continue
    const values = keys.map((k) => group[k.column])
    const key = values.join('\u0000')
    const tuple = tuples.get(key) ?? tuples.set(key, { values, n: 0 }).get(key)!
    tuple.n += group.n
  }
  const sign = sort.direction === 'asc' ? 1 : -1
  const rank = (k: (typeof keys)[number], v: string) => (k.domain ? k.domain.indexOf(v) : v)
  const ordered = [...tuples.values()].sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const [x, y] = [rank(keys[i], a.values[i]), rank(keys[i], b.values[i])]
      if (x !== y) return x < y ? -sign : sign
    }
    return 0
  })
  const where = whereOf(filter, env, { seek: true })
  const dir = sql.raw(sort.direction === 'asc' ? 'ASC' : 'DESC')
  const reads: IdsQuery[] = []
  for (const { group: { values, n }, skip, take } of pageWindow(ordered, offset, limit)) {
    const walk = ((skip + take) * items) / n < WALK_PER_SORTED * n
    const equal = keys.map((k, i) => sql`ri.${sql.raw(k.column)} = ${values[i]}`)
    reads.push(sql<{ id: number }>`SELECT ri.id FROM report_items AS ri ${walk ? env.dialect.notIndexed : sql``}
      WHERE ${where} AND ${sql.join(equal, sql` AND `)} ORDER BY ri.id ${dir} LIMIT ${take} OFFSET ${skip}`)
  }
  return reads
}

/** How many items match the filter. */
export async function queueCount(reader: QueueReader, filter: QueueFilter, env: QueueEnv): Promise<number> {
  const where = whereOf(filter, env, { seek: true })
  return (await reader.get<{ n: number }>(sql<{ n: number }>`SELECT count(*) AS n FROM ${matchingFrom(env)} WHERE ${where}`))!.n
}

/** Every matching item's id and version: what "all N matching" applies to (triage, inside its transaction). */
export async function matchingItems(db: Db, filter: QueueFilter, env: QueueEnv) {
  return db
    .selectFrom('report_items as ri')
    .select(['ri.id', 'ri.version'])
    .where(whereOf(filter, env))
    .orderBy('ri.id')
    .execute()
}
