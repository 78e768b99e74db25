import { sql, type Kysely } from 'kysely'
import { ERROR_TYPES, KINDS, type ItemStatus, type Kind, type Section } from '../../shared/domain'
import type { Database } from '../db/schema'
import type { RowSource } from './sheet'

// The report items a workbook lists, read in chunks so that a 100,000-row export never
// holds every row in memory, and never keeps a statement open while the file is written
// (the connection stays free for the rest of the app between chunks).

export interface ItemFilter {
  section?: Section
  kind?: Kind
  statuses?: ItemStatus[]
  /** Only the items of this round's (kind, term) pairs; null = every item. */
  roundId: number | null
}

const CHUNK = 1000

export function filteredItems(db: Kysely<Database>, f: ItemFilter) {
  let q = db.selectFrom('report_items as ri').innerJoin('students as s', 's.id', 'ri.student_id')
  if (f.section) q = q.where('ri.section', '=', f.section)
  if (f.kind) q = q.where('ri.kind', '=', f.kind)
  if (f.statuses?.length) q = q.where('ri.status', 'in', f.statuses)
  const roundId = f.roundId
  if (roundId !== null) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('round_terms as rt')
          .select(sql`1`.as('one'))
          .where('rt.round_id', '=', roundId)
          .whereRef('rt.kind', '=', 'ri.kind')
          .whereRef('rt.term', '=', 'ri.term'),
      ),
    )
  }
  return q
}

const caseOrder = (column: string, values: readonly string[]) =>
  sql.raw(`CASE ${column} ${values.map((v, i) => `WHEN '${v}' THEN ${i}`).join(' ')} END`)

/** Class, seat, kind (in the app's order), term, error type: how a list reads on paper. */
async function orderedIds(db: Kysely<Database>, f: ItemFilter): Promise<number[]> {
  const rows = await filteredItems(db, f)
    .select('ri.id')
    .orderBy('s.class_name')
    .orderBy(sql`CAST(s.seat AS INTEGER)`)
    .orderBy('s.seat')
    .orderBy(caseOrder('ri.kind', KINDS))
    .orderBy('ri.term')
    .orderBy(caseOrder('ri.error_type', ERROR_TYPES))
    .orderBy('ri.id')
    .execute()
  return rows.map((r) => r.id)
}

function rowsByIds(db: Kysely<Database>, ids: number[]) {
  return db
    .selectFrom(sql<{ key: number; value: number }>`json_each(${JSON.stringify(ids)})`.as('j'))
    .innerJoin('report_items as ri', 'ri.id', 'j.value')
    .innerJoin('students as s', 's.id', 'ri.student_id')
    .select([
      'ri.id', 'ri.section', 'ri.kind', 'ri.term', 'ri.error_type', 'ri.reason', 'ri.status', 'ri.resolution',
      'ri.resolution_note', 'ri.reply', 'ri.reported_at', 'ri.resubmitted_at', 'ri.resubmitted_by',
      'ri.updated_at', 'ri.updated_by', 's.class_name', 's.seat', 's.student_no', 's.name', 's.national_id',
      's.homeroom_teacher',
    ])
    .select((eb) =>
      eb
        .selectFrom('notes')
        .select('notes.body')
        .whereRef('notes.item_id', '=', 'ri.id')
        .orderBy('notes.id', 'desc')
        .limit(1)
        .as('last_note'),
    )
    .orderBy('j.key')
    .execute()
}

export type ItemRow = Awaited<ReturnType<typeof rowsByIds>>[number]

export interface ItemSource {
  /** How many items match (known after the first read). */
  count(): Promise<number>
  rows: RowSource<ItemRow>
}

/** The matching items in list order, as a source that can be read more than once. */
export function itemSource(db: Kysely<Database>, filter: ItemFilter): ItemSource {
  let ids: Promise<number[]> | null = null
  const idsOnce = () => (ids ??= orderedIds(db, filter))
  return {
    count: async () => (await idsOnce()).length,
    rows: async function* () {
      const all = await idsOnce()
      for (let i = 0; i < all.length; i += CHUNK) yield await rowsByIds(db, all.slice(i, i + CHUNK))
    },
  }
}

/** All matching items at once, for the small workbooks (re-check notices). */
export async function allItems(db: Kysely<Database>, filter: ItemFilter): Promise<ItemRow[]> {
  const rows: ItemRow[] = []
  for await (const chunk of itemSource(db, filter).rows()) rows.push(...chunk)
  return rows
}
