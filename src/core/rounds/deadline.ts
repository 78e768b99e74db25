import { sql, type RawBuilder } from 'kysely'
import { parseTaipeiTimestamp, toTaipeiTimestamp } from '../../shared/dates'
import { AWAITING_INVESTIGATION, type DeadlineState, type ItemStatus } from '../../shared/domain'
import { sqliteDialect, type Dialect } from '../db/dialect'
import type { Round } from '../db/schema'

export type { DeadlineState }

type DeadlineRound = Pick<Round, 'investigation_days' | 'fix_end'>

const HOUR_MS = 60 * 60 * 1000

/**
 * When the school must have investigated a report: `investigation_days` (3 by the rules)
 * after the report, or the end of the fix window, whichever is earlier. A report with no
 * time falls back to the end of the fix window.
 */
export function investigationDeadline(reportedAt: string | null, round: DeadlineRound): string {
  if (!reportedAt) return round.fix_end
  const reported = parseTaipeiTimestamp(reportedAt)
  if (!reported) return round.fix_end
  const due = toTaipeiTimestamp(new Date(reported.getTime() + round.investigation_days * 24 * HOUR_MS))
  return due < round.fix_end ? due : round.fix_end
}

/**
 * The same rule in SQL (SQLite), for filtering and sorting the queue in the DB.
 * `coalesce` makes a reported_at SQLite cannot read fall back to the fix end, as in TypeScript.
 */
export function investigationDeadlineSql(reportedAtColumn: string, round: DeadlineRound): string {
  const fixEnd = `'${round.fix_end.replace(/'/g, "''")}'`
  const days = Math.trunc(round.investigation_days)
  return `min(coalesce(strftime('%Y-%m-%d %H:%M:%S', ${reportedAtColumn}, '+${days} days'), ${fixEnd}), ${fixEnd})`
}

/** The rule as a kysely expression with bound parameters, e.g. `investigationDeadlineExpr('ri.reported_at', round, d)`. */
export function investigationDeadlineExpr(reportedAtColumn: string, round: DeadlineRound, d: Dialect = sqliteDialect): RawBuilder<string> {
  const due = d.plusDays(sql.ref(reportedAtColumn), round.investigation_days)
  return sql<string>`${d.least(sql`coalesce(${due}, ${round.fix_end})`, sql`${round.fix_end}`)}`
}

/** Overdue once the deadline has passed; due today when it falls on today's date (Taipei). */
export function deadlineState(deadline: string, now: string): DeadlineState {
  if (deadline < now) return 'overdue'
  return deadline.slice(0, 10) === now.slice(0, 10) ? 'dueToday' : 'calm'
}

/** `deadlineState` in SQL over a deadline expression, for filtering and counting by it. */
export function deadlineStateExpr(deadline: RawBuilder<string>, now: string): RawBuilder<DeadlineState> {
  return sql<DeadlineState>`CASE WHEN ${deadline} < ${now} THEN 'overdue'
    WHEN substr(${deadline}, 1, 10) = ${now.slice(0, 10)} THEN 'dueToday' ELSE 'calm' END`
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
  const deadline = investigationDeadline(item.reported_at, round)
  return { deadline, state: deadlineState(deadline, now) }
}

/** Whole hours since the report (null without a readable report time): the item's age. */
export function itemAgeHours(reportedAt: string | null, now: string): number | null {
  const reported = reportedAt ? parseTaipeiTimestamp(reportedAt) : null
  const current = parseTaipeiTimestamp(now)
  if (!reported || !current) return null
  return Math.max(0, Math.floor((current.getTime() - reported.getTime()) / HOUR_MS))
}
