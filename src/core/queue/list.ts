import type { Kysely, Transaction } from 'kysely'
import type { QueueFilter, QueueRow, QueueSort } from '../../shared/contract/queue'
import type { Database, ReportItem } from '../db/schema'
import { orderByOf, SORTS } from './columns'
import { rowDeadline, whereOf, type QueueEnv } from './filters'

type Db = Kysely<Database> | Transaction<Database>

export interface PageRequest {
  filter: QueueFilter
  sort: QueueSort
  offset: number
  limit: number
}

/**
 * One page of the queue. The page's ids are found first on narrow rows (filter, sort, offset,
 * limit over the indexes); only those rows are then read whole, and put back in that order
 * (an ORDER BY on the second query would make SQLite re-walk the whole sort path).
 */
export async function queuePage(db: Db, request: PageRequest, env: QueueEnv): Promise<QueueRow[]> {
  const ids = (await pageIds(db, request, env).execute()).map((r) => r.id)
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('report_items as ri')
    .innerJoin('students as s', 's.id', 'ri.student_id')
    .select([
      'ri.id', 'ri.version', 'ri.student_id', 's.name', 's.class_name', 's.seat', 's.student_no', 'ri.kind', 'ri.term',
      'ri.section', 'ri.error_type', 'ri.reason', 'ri.status', 'ri.resolution', 'ri.reported_at', 'ri.updated_at',
      'ri.updated_by', 'ri.vanished_at', 'ri.source_changed_at',
    ])
    .where('ri.id', 'in', ids)
    .execute()
  const position = new Map(ids.map((id, i) => [id, i]))
  rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!)
  return rows.map((r) => toQueueRow(r, env))
}

type ItemRow = Pick<ReportItem, 'id' | 'version' | 'student_id' | 'kind' | 'term' | 'section' | 'error_type' | 'reason'
  | 'status' | 'resolution' | 'reported_at' | 'updated_at' | 'updated_by' | 'vanished_at' | 'source_changed_at'>

/** A report item (with its student) as the queue shows it. */
export function toQueueRow(r: ItemRow & { name: string; class_name: string; seat: string; student_no: string }, env: QueueEnv): QueueRow {
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
  }
}

/** The ids of one page, in order. Which tables lead depends on the sort (columns.ts). */
function pageIds(db: Db, { filter, sort, offset, limit }: PageRequest, env: QueueEnv) {
  const def = SORTS[sort.column]
  const where = whereOf(filter, env, { plain: def.path === 'reported' })
  const order = orderByOf(sort, env)
  if (def.path === 'student') {
    // CROSS JOIN makes SQLite walk students in class order and each student's items by index.
    return db
      .selectFrom('students as s')
      .crossJoin('report_items as ri')
      .whereRef('ri.student_id', '=', 's.id')
      .select('ri.id')
      .where(where)
      .orderBy(order)
      .limit(limit)
      .offset(offset)
  }
  if (def.student) {
    return db
      .selectFrom('report_items as ri')
      .innerJoin('students as s', 's.id', 'ri.student_id')
      .select('ri.id')
      .where(where)
      .orderBy(order)
      .limit(limit)
      .offset(offset)
  }
  return db.selectFrom('report_items as ri').select('ri.id').where(where).orderBy(order).limit(limit).offset(offset)
}

/** How many items match the filter. */
export async function queueCount(db: Db, filter: QueueFilter, env: QueueEnv): Promise<number> {
  const row = await db
    .selectFrom('report_items as ri')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(whereOf(filter, env))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Every matching item's id and version: what "all N matching" applies to. */
export async function matchingItems(db: Db, filter: QueueFilter, env: QueueEnv) {
  return db
    .selectFrom('report_items as ri')
    .select(['ri.id', 'ri.version'])
    .where(whereOf(filter, env))
    .orderBy('ri.id')
    .execute()
}
