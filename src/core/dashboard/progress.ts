import { sql } from 'kysely'
import type { KindErrorCount, SectionProgress } from '../../shared/contract/dashboard'
import { AWAITING_INVESTIGATION, ITEM_STATUSES, SECTIONS, type ItemStatus } from '../../shared/domain'
import type { Round } from '../db/schema'
import { deadlineStateSql } from '../rounds/deadline'
import type { Db } from '../db/store'
import { reportItemsOfRound } from './scope'

/** Per section: items by status, how many are overdue or due today, how many vanished. */
export async function sectionProgress(db: Db, round: Round, now: string): Promise<SectionProgress[]> {
  const state = deadlineStateSql(round, now)
  const awaiting = sql.join(AWAITING_INVESTIGATION.map((s) => sql.lit(s)))
  const rows = await reportItemsOfRound(db, round.id)
    .select(['ri.section', 'ri.status'])
    .select([
      sql<number>`sum(CASE WHEN ri.vanished_at IS NULL THEN 1 ELSE 0 END)`.as('live'),
      sql<number>`sum(CASE WHEN ri.vanished_at IS NOT NULL THEN 1 ELSE 0 END)`.as('vanished'),
      sql<number>`sum(CASE WHEN ri.vanished_at IS NULL AND ri.status IN (${awaiting}) AND ${state} = 'overdue' THEN 1 ELSE 0 END)`.as('overdue'),
      sql<number>`sum(CASE WHEN ri.vanished_at IS NULL AND ri.status IN (${awaiting}) AND ${state} = 'dueToday' THEN 1 ELSE 0 END)`.as('dueToday'),
    ])
    .groupBy(['ri.section', 'ri.status'])
    .execute()
  return SECTIONS.map((section) => {
    const counts = Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as Record<ItemStatus, number>
    const progress: SectionProgress = { section, total: 0, counts, overdue: 0, dueToday: 0, vanished: 0 }
    for (const row of rows.filter((r) => r.section === section)) {
      counts[row.status] += row.live
      progress.total += row.live
      progress.overdue += row.overdue
      progress.dueToday += row.dueToday
      progress.vanished += row.vanished
    }
    return progress
  })
}

/** Items of the round by kind × error type (vanished ones left out). */
export async function itemsByKindErrorType(db: Db, roundId: number): Promise<KindErrorCount[]> {
  const rows = await reportItemsOfRound(db, roundId)
    .select(['ri.kind', 'ri.error_type'])
    .select(sql<number>`count(*)`.as('count'))
    .where('ri.vanished_at', 'is', null)
    .groupBy(['ri.kind', 'ri.error_type'])
    .execute()
  return rows.map((r) => ({ kind: r.kind, errorType: r.error_type, count: r.count }))
}
