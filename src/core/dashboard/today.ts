import { sql, type SelectQueryBuilder } from 'kysely'
import { TODAY_LIST_LIMIT, type DashboardOverview, type TodayItem, type TodayList } from '../../shared/contract/dashboard'
import { AWAITING_INVESTIGATION, type Section } from '../../shared/domain'
import type { Round } from '../db/schema'
import { deadlineOrderSql, deadlineStateSql, itemAgeHours, itemDeadline } from '../rounds/deadline'
import type { Db } from '../db/store'
import { reportItemsOfRound } from './scope'

/** The live items of the round with their student, optionally of one section. */
function itemsWithStudents(db: Db, round: Round, section: Section | undefined) {
  let query = reportItemsOfRound(db, round.id)
    .innerJoin('students as s', 's.id', 'ri.student_id')
    .select([
      'ri.id', 'ri.student_id', 's.student_no', 's.name', 's.class_name', 's.seat', 'ri.kind', 'ri.term', 'ri.section',
      'ri.error_type', 'ri.reason', 'ri.status', 'ri.reported_at', 'ri.updated_at',
    ])
    .select(sql<number>`count(*) OVER ()`.as('total'))
    .where('ri.vanished_at', 'is', null)
  if (section) query = query.where('ri.section', '=', section)
  return query
}

type Row = Awaited<ReturnType<ReturnType<typeof itemsWithStudents>['execute']>>[number]

async function list<Q extends SelectQueryBuilder<any, any, Row>>(query: Q, round: Round, now: string): Promise<TodayList> {
  const rows = (await query.limit(TODAY_LIST_LIMIT).execute()) as Row[]
  const items: TodayItem[] = rows.map((r) => {
    const due = itemDeadline(r, round, now)
    return {
      id: r.id, studentId: r.student_id, studentNo: r.student_no, name: r.name, className: r.class_name, seat: r.seat,
      kind: r.kind, term: r.term, section: r.section, errorType: r.error_type, reason: r.reason, status: r.status,
      reportedAt: r.reported_at, deadline: due?.deadline ?? null, deadlineState: due?.state ?? null,
      ageHours: itemAgeHours(r.reported_at, now), updatedAt: r.updated_at,
    }
  })
  return { total: rows[0]?.total ?? 0, items }
}

/**
 * What needs doing today: items past their investigation deadline, items due today,
 * corrections not yet resubmitted, and disputes — each most urgent (or oldest) first.
 */
export async function todayLists(db: Db, round: Round, now: string, section?: Section): Promise<DashboardOverview['today']> {
  // The rule's thresholds (rounds/deadline.ts), as the queue filters and sorts by them.
  const state = deadlineStateSql(round, now)
  const byDeadline = deadlineOrderSql(round)
  const awaiting = (wanted: 'overdue' | 'dueToday') =>
    itemsWithStudents(db, round, section)
      .where('ri.status', 'in', [...AWAITING_INVESTIGATION])
      .where(sql<boolean>`${state} = ${wanted}`)
      .orderBy(byDeadline)
      .orderBy('ri.id')
  const [overdue, dueToday, awaitingResubmit, disputed] = await Promise.all([
    list(awaiting('overdue'), round, now),
    list(awaiting('dueToday'), round, now),
    list(itemsWithStudents(db, round, section).where('ri.status', '=', 'corrected').orderBy('ri.updated_at').orderBy('ri.id'), round, now),
    list(itemsWithStudents(db, round, section).where('ri.status', '=', 'disputed').orderBy('ri.updated_at').orderBy('ri.id'), round, now),
  ])
  return { overdue, dueToday, awaitingResubmit, disputed }
}
