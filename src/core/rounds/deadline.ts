import { parseTaipeiTimestamp, toTaipeiTimestamp } from '../../shared/dates'
import type { Round } from '../db/schema'

/** Like a help desk's SLA: calm, due today, overdue. */
export type DeadlineState = 'calm' | 'dueToday' | 'overdue'

type DeadlineRound = Pick<Round, 'investigation_days' | 'fix_end'>

/**
 * When the school must have investigated a report: `investigation_days` (3 by the rules)
 * after the report, or the end of the fix window, whichever is earlier. A report with no
 * time falls back to the end of the fix window.
 */
export function investigationDeadline(reportedAt: string | null, round: DeadlineRound): string {
  if (!reportedAt) return round.fix_end
  const reported = parseTaipeiTimestamp(reportedAt)
  if (!reported) return round.fix_end
  const due = toTaipeiTimestamp(new Date(reported.getTime() + round.investigation_days * 24 * 60 * 60 * 1000))
  return due < round.fix_end ? due : round.fix_end
}

/** The same rule in SQL (SQLite), for filtering and sorting the queue in the DB. */
export function investigationDeadlineSql(reportedAtColumn: string, round: DeadlineRound): string {
  const fixEnd = `'${round.fix_end.replace(/'/g, "''")}'`
  const days = Math.trunc(round.investigation_days)
  return `CASE WHEN ${reportedAtColumn} IS NULL THEN ${fixEnd}
    ELSE min(strftime('%Y-%m-%d %H:%M:%S', ${reportedAtColumn}, '+${days} days'), ${fixEnd}) END`
}

/** Overdue once the deadline has passed; due today when it falls on today's date (Taipei). */
export function deadlineState(deadline: string, now: string): DeadlineState {
  if (deadline < now) return 'overdue'
  return deadline.slice(0, 10) === now.slice(0, 10) ? 'dueToday' : 'calm'
}
