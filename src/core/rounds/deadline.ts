import { sql, type RawBuilder, type SqlBool } from 'kysely'
import { parseTaipeiTimestamp } from '../../shared/dates'
import { deadlineFloor, investigationDeadline, plusDays, type DeadlinePolicy } from '../../shared/deadlines'
import { AWAITING_INVESTIGATION, type DeadlineState, type ItemStatus } from '../../shared/domain'
import type { Round } from '../db/schema'

export type { DeadlineState }

// The investigation deadline of the round's rule (shared/deadlines.ts), and the same rule in
// SQL for every list and count that filters, counts or sorts by it in the DB: the queue, 總覽,
// the summary workbook. One formula serves every rule — min(max(reported, floor) + N days,
// fix end) — and it only grows with reported_at, so in SQL it becomes a few thresholds on
// reported_at computed once here: evaluating the rule per item (strftime on every row) cost
// the queue 25 ms at 50,000 items; comparing reported_at to constants costs next to nothing,
// and reads it from the facets index. Exact, as timestamps are stored as
// 'YYYY-MM-DD HH:mm:ss', whose text order is time order.

export type DeadlineRound = Pick<Round, 'deadline_rule' | 'investigation_days' | 'fix_start' | 'fix_end'>

export const policyOf = (round: DeadlineRound): DeadlinePolicy => ({
  rule: round.deadline_rule, days: round.investigation_days, fixStart: round.fix_start, fixEnd: round.fix_end,
})

/** The deadline of a report made at `reportedAt`, by the round's rule. */
export const deadlineOf = (reportedAt: string | null, round: DeadlineRound) => investigationDeadline(reportedAt, policyOf(round))

const HOUR_MS = 60 * 60 * 1000

/** Overdue once the deadline has passed; due today when it falls on today's date (Taipei). */
export function deadlineState(deadline: string, now: string): DeadlineState {
  if (deadline < now) return 'overdue'
  return deadline.slice(0, 10) === now.slice(0, 10) ? 'dueToday' : 'calm'
}

/** Only items still awaiting investigation have a deadline to meet; a decided item has met it. */
export const awaitsInvestigation = (status: ItemStatus) => AWAITING_INVESTIGATION.includes(status)

/** What a list shows for one item: its deadline and state, or null once it is decided. */
export function itemDeadline(
  item: { status: ItemStatus; reported_at: string | null },
  round: DeadlineRound,
  now: string,
): { deadline: string; state: DeadlineState } | null {
  if (!awaitsInvestigation(item.status)) return null
  const deadline = deadlineOf(item.reported_at, round)
  return { deadline, state: deadlineState(deadline, now) }
}

/** Whole hours since the report (null without a readable report time): the item's age. */
export function itemAgeHours(reportedAt: string | null, now: string): number | null {
  const reported = reportedAt ? parseTaipeiTimestamp(reportedAt) : null
  const current = parseTaipeiTimestamp(now)
  if (!reported || !current) return null
  return Math.max(0, Math.floor((current.getTime() - reported.getTime()) / HOUR_MS))
}

/**
 * The thresholds on reported_at that give an item's deadline state at `now`: reported before
 * `overdueBefore` → overdue; up to `dueBy` → due today; later, or no report time → the state of
 * the fix end (`capped`). '' means "no report time is that early" (text compares '' first):
 * under a floor (the fix start) no deadline can be earlier than floor + N days.
 */
export function deadlineThresholds(round: DeadlineRound, now: string) {
  const days = round.investigation_days
  const floor = deadlineFloor(policyOf(round))
  const fixEndState = deadlineState(round.fix_end, now)
  const overdueBefore = plusDays(now, -days) // max(reported, floor) before this: deadline < now
  const dueBy = plusDays(`${now.slice(0, 10)} 23:59:59`, -days) // … by this: deadline by today's end
  return {
    allOverdue: fixEndState === 'overdue', // every deadline is past
    overdueBefore: floor < overdueBefore ? overdueBefore : '',
    dueBy: floor <= dueBy ? dueBy : '',
    capped: fixEndState as 'dueToday' | 'calm',
  }
}

/** calm / dueToday / overdue of the item's deadline, in SQL over `ri.reported_at`. */
export function deadlineStateSql(round: DeadlineRound, now: string): RawBuilder<DeadlineState> {
  const t = deadlineThresholds(round, now)
  if (t.allOverdue) return sql<DeadlineState>`'overdue'`
  return sql<DeadlineState>`CASE WHEN ri.reported_at IS NULL THEN ${t.capped}
    WHEN ri.reported_at < ${t.overdueBefore} THEN 'overdue'
    WHEN ri.reported_at <= ${t.dueBy} THEN 'dueToday'
    ELSE ${t.capped} END`
}

/**
 * How many items are in each deadline state, from three aggregates over the same thresholds —
 * all, reported before the overdue threshold, reported within today's — derived in TS
 * (evaluating the state per row, or repeating a sum inside an expression, costs twice as much).
 */
export function deadlineCounts(round: DeadlineRound, now: string) {
  const t = deadlineThresholds(round, now)
  /** Reported before the overdue threshold; within today's. */
  const split = {
    before: sql<SqlBool>`ri.reported_at < ${t.overdueBefore}`,
    today: sql<SqlBool>`ri.reported_at >= ${t.overdueBefore} AND ri.reported_at <= ${t.dueBy}`,
  }
  return {
    thresholds: t,
    split,
    aggregates: {
      all: sql<number>`count(*)`,
      before: sql<number>`coalesce(sum(CASE WHEN ${split.before} THEN 1 ELSE 0 END), 0)`,
      today: sql<number>`coalesce(sum(CASE WHEN ${split.today} THEN 1 ELSE 0 END), 0)`,
    },
    states({ all, before, today }: { all: number; before: number; today: number }): Record<DeadlineState, number> {
      if (t.allOverdue) return { overdue: all, dueToday: 0, calm: 0 }
      const capped = all - before - today // no report time, or at or past the fix-end cap
      return t.capped === 'dueToday'
        ? { overdue: before, dueToday: today + capped, calm: 0 }
        : { overdue: before, dueToday: today, calm: capped }
    },
  }
}

/**
 * The deadline as a sort key, the same way: below the cap the deadline is
 * max(reported_at, floor) + N days, so that orders it; at and above the cap every deadline
 * is the fix end.
 */
export function deadlineOrderSql(round: DeadlineRound): RawBuilder<string> {
  const capFrom = plusDays(round.fix_end, -round.investigation_days)
  const floor = deadlineFloor(policyOf(round))
  const floorKey = floor >= capFrom ? round.fix_end : floor
  return sql<string>`CASE WHEN ri.reported_at IS NULL OR ri.reported_at >= ${capFrom} THEN ${round.fix_end}
    WHEN ri.reported_at < ${floor} THEN ${floorKey} ELSE ri.reported_at END`
}
