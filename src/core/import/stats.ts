import { sql } from 'kysely'
import type { ImportStats } from '../../shared/contract/import'
import { CONFIRMATION_STATES, ERROR_TYPES, ITEM_STATUSES, KINDS, SECTIONS } from '../../shared/domain'
import type { CoreContext } from '../context'
import { RECORD_TABLES } from '../db/schema'

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>

/** What the DB holds, counted (the CLI's `stats --json`). */
export async function importStats(ctx: CoreContext): Promise<ImportStats> {
  const { db } = ctx
  const count = async (table: string) =>
    (await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db)).rows[0].n

  const records = zeros(KINDS)
  for (const kind of KINDS) records[kind] = await count(RECORD_TABLES[kind])

  const confirmations = Object.fromEntries(KINDS.map((k) => [k, zeros(CONFIRMATION_STATES)])) as ImportStats['confirmations']
  const byState = await db.selectFrom('confirmations').select(['kind', 'state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['kind', 'state']).execute()
  for (const r of byState) confirmations[r.kind][r.state] = r.n

  const items = { total: 0, byKind: zeros(KINDS), bySection: zeros(SECTIONS), byType: zeros(ERROR_TYPES), byStatus: zeros(ITEM_STATUSES), vanished: 0 }
  const grouped = await db.selectFrom('report_items')
    .select(['kind', 'section', 'error_type', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['kind', 'section', 'error_type', 'status']).execute()
  for (const r of grouped) {
    items.total += r.n
    items.byKind[r.kind] += r.n
    items.bySection[r.section] += r.n
    items.byType[r.error_type] += r.n
    items.byStatus[r.status] += r.n
  }
  items.vanished = (await db.selectFrom('report_items').where('vanished_at', 'is not', null)
    .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n

  // A student counts once in their class, however many of their kind × term rows are unconfirmed.
  const byClass = await db.selectFrom('students as s')
    .where((eb) => eb.exists(eb.selectFrom('confirmations as c').select('c.id').whereRef('c.student_id', '=', 's.id').where('c.state', '=', 'unconfirmed')))
    .select(['s.class_name', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('s.class_name').orderBy('s.class_name').execute()

  return {
    students: await count('students'),
    records,
    confirmations,
    reportItems: items,
    unconfirmedStudentsByClass: Object.fromEntries(byClass.map((r) => [r.class_name, r.n])),
  }
}
