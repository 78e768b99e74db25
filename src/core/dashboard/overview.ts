import { sql } from 'kysely'
import type { DashboardOverview } from '../../shared/contract/dashboard'
import type { Section } from '../../shared/domain'
import type { Round } from '../db/schema'
import { phaseAt, phaseSchedule } from '../rounds/phase'
import { roundTerms, toRoundView } from '../rounds/view'
import { classConfirmation, unconfirmedTrend } from './confirmation'
import { itemsByKindErrorType, sectionProgress } from './progress'
import type { Db } from '../db/store'
import { reportItemsOfRound } from './scope'
import { todayLists } from './today'

/** Everything 總覽 shows for one round at `now`, each figure computed by the DB. */
export async function dashboardOverview(db: Db, round: Round, now: string, section?: Section): Promise<DashboardOverview> {
  const [terms, sections, byKindErrorType, classes, trend, today, roster, items] = await Promise.all([
    roundTerms(db, round.id),
    sectionProgress(db, round, now),
    itemsByKindErrorType(db, round.id),
    classConfirmation(db, round.id),
    unconfirmedTrend(db, round.id),
    todayLists(db, round, now, section),
    db.selectFrom('students').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    reportItemsOfRound(db, round.id).select(sql<number>`count(*)`.as('n')).where('ri.vanished_at', 'is', null).executeTakeFirstOrThrow(),
  ])
  const sum = (pick: (c: (typeof classes)[number]) => number) => classes.reduce((total, c) => total + pick(c), 0)
  return {
    round: toRoundView(round, terms),
    now,
    phase: phaseAt(round, now),
    schedule: phaseSchedule(round),
    totals: {
      rosterStudents: roster.n,
      students: sum((c) => c.students),
      unconfirmedStudents: sum((c) => c.unconfirmed),
      reportedStudents: sum((c) => c.reported),
      items: items.n,
    },
    sections,
    byKindErrorType,
    classes: classes.map(({ reported: _reported, ...c }) => c),
    trend,
    today,
  }
}
