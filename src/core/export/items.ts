import { sql, type InferResult } from 'kysely'
import { CHANNEL_LABELS, ERROR_TYPES, KINDS, type Channel, type ItemStatus, type Kind, type Section } from '../../shared/domain'
import { dialectOf } from '../db/dialect'
import type { Db, Store } from '../db/store'
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
  /** Leave out items a newer confirmation export no longer lists. */
  liveOnly?: boolean
}

const CHUNK = 2000

export function filteredItems(db: Db, f: ItemFilter) {
  let q = db.selectFrom('report_items as ri').innerJoin('students as s', 's.id', 'ri.student_id')
  if (f.section) q = q.where('ri.section', '=', f.section)
  if (f.kind) q = q.where('ri.kind', '=', f.kind)
  if (f.statuses?.length) q = q.where('ri.status', 'in', f.statuses)
  if (f.liveOnly) q = q.where('ri.vanished_at', 'is', null)
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

/**
 * Class, seat, kind (in the app's order), term, error type: how a list reads on paper. The students
 * are put in class and seat order first (a few thousand rows, each seat's number worked out once)
 * and the items sorted by that place: on a server this halved the sort of 100,000 items (185 → 79
 * ms), which computed a seat's number for every item.
 */
async function orderedIds(db: Db, f: ItemFilter): Promise<number[]> {
  const placed = db
    .selectFrom('students')
    .select(['id', sql<number>`row_number() OVER (ORDER BY class_name, ${dialectOf(db).leadingNumber('seat')}, seat, id)`.as('place')])
  const rows = await filteredItems(db, f)
    .innerJoin(placed.as('p'), 'p.id', 's.id')
    .select('ri.id')
    .orderBy('p.place')
    .orderBy(caseOrder('ri.kind', KINDS))
    .orderBy('ri.term')
    .orderBy(caseOrder('ri.error_type', ERROR_TYPES))
    .orderBy('ri.id')
    .execute()
  return rows.map((r) => r.id)
}

/** The rows of some items (in no particular order), their students' apart. */
function rowsQuery(db: Db, ids: number[]) {
  return db
    .selectFrom('report_items as ri')
    .where('ri.id', 'in', ids)
    .select([
      'ri.id', 'ri.student_id', 'ri.section', 'ri.kind', 'ri.term', 'ri.error_type', 'ri.reason', 'ri.status',
      'ri.resolution', 'ri.resolution_note', 'ri.reply', 'ri.resubmitted_at', 'ri.resubmitted_by', 'ri.updated_at',
      'ri.updated_by', 'ri.vanished_at', 'ri.hint', 'ri.channel',
      // Slots for the student's fields, filled from the school's students: a row read with every
      // field it will hold keeps one shape, rather than growing five fields after it is read.
      sql<string>`NULL`.as('class_name'), sql<string>`NULL`.as('seat'), sql<string>`NULL`.as('student_no'),
      sql<string>`NULL`.as('name'), sql<string | null>`NULL`.as('national_id'),
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
}

/** Who the items are about: every student of the school, or the ones named. */
function studentsQuery(db: Db, ids: number[] | null) {
  const q = db.selectFrom('students as s').select(['s.id', 's.class_name', 's.seat', 's.student_no', 's.name', 's.national_id'])
  return ids ? q.where('s.id', 'in', ids) : q
}

type StudentPart = InferResult<ReturnType<typeof studentsQuery>>[number]
type Students = Map<number, StudentPart>

export type ItemRow = InferResult<ReturnType<typeof rowsQuery>>[number]

/** 「人工登錄（電話）」: how the work list marks an item entered by hand (null for an imported one). */
export const handEntryMark = (channel: Channel | null) => (channel ? `人工登錄（${CHANNEL_LABELS[channel]}）` : null)

/** The report as the lists for students show it: a hand entry says how it came, on a line of its own. */
export const reasonOf = (r: Pick<ItemRow, 'reason' | 'channel'>) => (r.channel ? `${r.reason}\n（${CHANNEL_LABELS[r.channel]}登錄）` : r.reason)

/**
 * Reads the rows of a chunk of ids, put in the order of the ids: through the store's reader, which
 * on SQLite runs a statement prepared once per chunk size (a 100,000-row export reads 50 chunks;
 * kysely's per-call overhead there was a third of the reading time). Each read waits for a write
 * in progress (an import lets the event loop run), never reading it half-done. The students' part
 * of a row comes from the school's students, read once: not read again, parsed again and held
 * again for each of a student's items (five of a row's 23 fields).
 */
async function readChunk(store: Store, ids: number[], school: Promise<Students>): Promise<ItemRow[]> {
  const [rows, students] = await Promise.all([store.read((reader) => reader.all<ItemRow>(rowsQuery(reader.db, ids))), school])
  // A short list reads its chunk's students (a long one has read the school's).
  const unknown = [...new Set(rows.filter((r) => !students.has(r.student_id)).map((r) => r.student_id))]
  if (unknown.length) for (const s of await readStudents(store, unknown)) students.set(s.id, s)
  for (const row of rows) {
    const s = students.get(row.student_id)!
    row.class_name = s.class_name
    row.seat = s.seat
    row.student_no = s.student_no
    row.name = s.name
    row.national_id = s.national_id
  }
  const position = new Map(ids.map((id, i) => [id, i]))
  return rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!)
}

const readStudents = (store: Store, ids: number[] | null) =>
  store.read((reader) => reader.all<StudentPart>(studentsQuery(reader.db, ids)))

const MEASURED = {
  class_name: 's.class_name', seat: 's.seat', student_no: 's.student_no', name: 's.name', national_id: 's.national_id',
  term: 'ri.term', reason: 'ri.reason', hint: 'ri.hint', resolution_note: 'ri.resolution_note', reply: 'ri.reply',
  resubmitted_by: 'ri.resubmitted_by', updated_by: 'ri.updated_by',
} as const
export type MeasuredField = keyof typeof MEASURED | 'last_note'

/**
 * A text's display width in SQL: UTF-8 bytes plus characters, halved, counts an ASCII
 * character 1 and a CJK or full-width one (3 bytes) 2 — the rule of style.ts's displayWidth.
 */
const width = (db: Db, column: string) =>
  sql`coalesce(max((${dialectOf(db).byteLength(column)} + length(${sql.raw(column)})) / 2), 0)`

async function maxWidths(db: Db, f: ItemFilter): Promise<Record<MeasuredField, number>> {
  // Every note of the items, not only the latest: an upper bound, measured in the same pass.
  const row = await filteredItems(db, f)
    .leftJoin('notes as n', 'n.item_id', 'ri.id')
    .select([...Object.entries(MEASURED).map(([field, column]) => width(db, column).as(field)), width(db, 'n.body').as('last_note')])
    .executeTakeFirst()
  const measured = (row ?? {}) as Record<string, unknown>
  const fields = [...Object.keys(MEASURED), 'last_note'] as MeasuredField[]
  return Object.fromEntries(fields.map((k) => [k, Number(measured[k] ?? 0)])) as Record<MeasuredField, number>
}

export interface ItemSource {
  /** How many items match (known after the first read). */
  count(): Promise<number>
  /** The widest value of each text field, so the rows need reading only once. */
  widths(): Promise<Record<MeasuredField, number>>
  rows: RowSource<ItemRow>
}

/** Where a workbook's items are read from. */
export interface WorkbookSource {
  store: Store
}

/** The matching items in list order, as a source that can be read more than once. */
export function itemSource({ store }: WorkbookSource, filter: ItemFilter): ItemSource {
  const { db } = store
  // On a server chunks are read ahead: the server reads the next chunk (on the other core) while
  // this one is written into the workbook, rather than after it; and the first is read as soon as
  // the order is known, while the widths are still being measured. On SQLite the read is this
  // thread's own work either way (and ahead it only holds more in memory).
  const ahead = store.backend === 'postgres'
  // A list of more than one chunk reads the school's students once, beside its first chunk.
  let school: Promise<Students> | null = null
  const schoolOf = (all: number[]) =>
    (school ??=
      all.length > CHUNK ? readStudents(store, null).then((list) => new Map(list.map((s) => [s.id, s]))) : Promise.resolve(new Map()))
  const read = (all: number[], at: number) => {
    if (at >= all.length) return null
    const chunk = readChunk(store, all.slice(at, at + CHUNK), schoolOf(all))
    chunk.catch(() => undefined) // awaited in turn by rows()
    return chunk
  }
  let ids: Promise<number[]> | null = null
  let firstAhead: Promise<ItemRow[]> | null = null
  const idsOnce = () =>
    (ids ??= orderedIds(db, filter).then((all) => {
      if (ahead) firstAhead = read(all, 0)
      return all
    }))
  return {
    count: async () => (await idsOnce()).length,
    widths: () => {
      // The list's order is asked for next (count, rows): on a server it is sorted meanwhile, on
      // another connection, rather than after the widths.
      idsOnce().catch(() => undefined)
      return maxWidths(db, filter)
    },
    rows: async function* () {
      const all = await idsOnce()
      // The chunk read ahead serves the first reading only: a second one reads afresh.
      let next = firstAhead ?? read(all, 0)
      firstAhead = null
      for (let at = 0; next; at += CHUNK) {
        const rows = await next
        if (ahead) next = read(all, at + CHUNK)
        yield rows
        if (!ahead) next = read(all, at + CHUNK)
      }
    },
  }
}

/** All matching items at once, for the small workbooks (re-check notices). */
export async function allItems(source: WorkbookSource, filter: ItemFilter): Promise<ItemRow[]> {
  const rows: ItemRow[] = []
  for await (const chunk of itemSource(source, filter).rows()) rows.push(...chunk)
  return rows
}
