import { sql, type RawBuilder, type SqlBool } from 'kysely'
import { AWAITING_INVESTIGATION, type DeadlineState, type ItemStatus } from '../../shared/domain'
import { parseTaipeiTimestamp, toTaipeiTimestamp } from '../../shared/dates'
import type { Round } from '../db/schema'
import { deadlineState, itemDeadline } from '../rounds/deadline'
import type { Condition, CubeGroup, QueueEnv } from './filters'

// Investigation deadlines in the queue's SQL: the rule of rounds/deadline.ts
// (min(reported + N days, fix end), against now) as thresholds on reported_at.

/** A column of report_items; `plain` keeps SQLite from using an index for it (see filters.ts). */
const col = (name: string, plain: boolean, env: QueueEnv) => (plain ? env.dialect.plainColumn(name) : sql.raw(`ri.${name}`))

/**
 * Items with a deadline to meet: awaiting investigation (new, checking), still listed, of a
 * kind × term the current round confirms — the rule 總覽 and 學生查詢 apply too.
 */
export function awaitingInRound(env: QueueEnv, plain = false): Condition {
  if (!env.round) return sql<SqlBool>`false`
  return sql<SqlBool>`(${col('status', plain, env)} IN (${sql.join([...AWAITING_INVESTIGATION])})
    AND ${col('vanished_at', plain, env)} IS NULL
    AND (ri.kind, ri.term) IN (VALUES ${sql.join(env.round.terms.map((t) => sql`(${t.split('|')[0]}, ${t.split('|')[1]})`))}))`
}

/** Does a cube group hold items with a deadline to meet (awaitingInRound, over its columns)? */
export function groupAwaits(group: CubeGroup, env: QueueEnv): boolean {
  return env.round !== null && AWAITING_INVESTIGATION.includes(group.status as ItemStatus) && group.vanished_at === null &&
    env.round.terms.includes(`${group.kind}|${group.term}`)
}

const DAY_MS = 24 * 60 * 60 * 1000
const daysBefore = (ts: string, days: number) => toTaipeiTimestamp(new Date(parseTaipeiTimestamp(ts)!.getTime() - days * DAY_MS))

/**
 * calm / dueToday / overdue of the item's investigation deadline, in SQL — the rule of
 * rounds/deadline.ts (min(reported + N days, fix end), against now) rewritten as thresholds
 * on reported_at computed once here. Evaluating the rule per item (strftime on every row)
 * cost 25 ms at 50,000 items; comparing reported_at to three constants costs next to nothing,
 * and reads it from the facets index. Exact, because the deadline only grows with reported_at
 * (and timestamps are stored as 'YYYY-MM-DD HH:mm:ss', whose text order is time order).
 */
export function deadlineStateSql(round: Round, now: string): RawBuilder<DeadlineState> {
  const t = deadlineThresholds(round, now)
  if (t.allOverdue) return sql<DeadlineState>`'overdue'`
  return sql<DeadlineState>`CASE WHEN ri.reported_at IS NULL THEN ${t.capped}
    WHEN ri.reported_at < ${t.overdueBefore} THEN 'overdue'
    WHEN ri.reported_at <= ${t.dueBy} THEN 'dueToday'
    ELSE ${t.capped} END`
}

/** The thresholds of `deadlineStateSql`. */
export function deadlineThresholds(round: Round, now: string) {
  const days = round.investigation_days
  const fixEndState = deadlineState(round.fix_end, now)
  return {
    allOverdue: fixEndState === 'overdue', // every deadline is past
    overdueBefore: daysBefore(now, days), // reported before this: deadline < now
    dueBy: daysBefore(`${now.slice(0, 10)} 23:59:59`, days), // reported by this: deadline today
    capped: fixEndState as 'dueToday' | 'calm', // the state of a deadline the fix end caps
  }
}

/**
 * How many items are in each deadline state, from three aggregates over the same thresholds —
 * all, reported before the overdue threshold, reported within today's — derived in TS
 * (evaluating the state per row, or repeating a sum inside an expression, costs twice as much).
 */
export function deadlineCounts(round: Round, now: string) {
  const t = deadlineThresholds(round, now)
  return {
    thresholds: t,
    aggregates: {
      all: sql<number>`count(*)`,
      before: sql<number>`coalesce(sum(CASE WHEN ri.reported_at < ${t.overdueBefore} THEN 1 ELSE 0 END), 0)`,
      today: sql<number>`coalesce(sum(CASE WHEN ri.reported_at >= ${t.overdueBefore} AND ri.reported_at <= ${t.dueBy} THEN 1 ELSE 0 END), 0)`,
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
 * The deadline as a sort key, the same way: below the cap the deadline is reported_at + N
 * days, so reported_at orders it; at and above the cap every deadline is the fix end.
 */
export function deadlineOrderSql(round: Round): RawBuilder<string> {
  const capFrom = daysBefore(round.fix_end, round.investigation_days)
  return sql<string>`CASE WHEN ri.reported_at IS NULL OR ri.reported_at >= ${capFrom} THEN ${round.fix_end} ELSE ri.reported_at END`
}

/** The same for one row, in TypeScript (what the queue and the detail pane show). */
export function rowDeadline(
  row: { status: ItemStatus; reported_at: string | null; vanished_at: string | null; kind: string; term: string },
  env: QueueEnv,
) {
  if (!env.round || row.vanished_at !== null || !env.round.terms.includes(`${row.kind}|${row.term}`)) return null
  return itemDeadline(row, env.round.round, env.now)
}

