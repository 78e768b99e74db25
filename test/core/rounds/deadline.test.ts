import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import {
  deadlineCounts, deadlineOf, deadlineOrderSql, deadlineState, deadlineStateSql, itemAgeHours, itemDeadline, type DeadlineRound,
} from '../../../src/core/rounds/deadline'
import { DEADLINE_RULES, deadlineRuleExplanation, type DeadlineRule } from '../../../src/shared/deadlines'
import { DEADLINE_STATE_COLORS, DEADLINE_STATES } from '../../../src/shared/domain'

// The seed's round: students report 10/07–10/16, the school fixes 10/17 00:00 – 10/21 23:59:59.
const round: DeadlineRound = {
  deadline_rule: 'fromFixStart', investigation_days: 3, fix_start: '2025-10-17 00:00:00', fix_end: '2025-10-21 23:59:59',
}
const ruled = (deadline_rule: DeadlineRule, investigation_days = 3): DeadlineRound => ({ ...round, deadline_rule, investigation_days })

describe('the deadline rule (DESIGN.md §1)', () => {
  it('by default counts from when the school can act: a report of the confirm window is due 3 days after the fix window opens', () => {
    expect(deadlineOf('2025-10-07 08:00:00', round)).toBe('2025-10-20 00:00:00')
    expect(deadlineOf('2025-10-16 16:59:00', round)).toBe('2025-10-20 00:00:00')
    // A report that arrives in the fix window counts from itself, never past the fix end.
    expect(deadlineOf('2025-10-17 10:15:00', round)).toBe('2025-10-20 10:15:00')
    expect(deadlineOf('2025-10-19 08:00:00', round)).toBe('2025-10-21 23:59:59')
    expect(deadlineOf('2025-10-07 08:00:00', ruled('fromFixStart', 5))).toBe('2025-10-21 23:59:59')
  })

  it('makes nothing overdue before the fix window opens, whenever it was reported', () => {
    for (const reportedAt of ['2025-10-07 08:00:00', '2025-10-10 12:00:00', '2025-10-16 16:59:59']) {
      const due = itemDeadline({ status: 'new', reported_at: reportedAt }, round, '2025-10-18 09:00:00')
      expect(due, reportedAt).toEqual({ deadline: '2025-10-20 00:00:00', state: 'calm' })
    }
  })

  it('can count from the report itself (the rule before), or give every item the fix end', () => {
    expect(deadlineOf('2025-10-08 10:15:00', ruled('fromReport'))).toBe('2025-10-11 10:15:00')
    expect(deadlineOf('2025-10-20 08:00:00', ruled('fromReport'))).toBe('2025-10-21 23:59:59')
    expect(deadlineOf('2025-10-08 10:15:00', ruled('fromReport', 5))).toBe('2025-10-13 10:15:00')
    expect(deadlineOf('2025-10-08 10:15:00', ruled('fixEnd'))).toBe('2025-10-21 23:59:59')
    expect(deadlineOf('2025-10-21 10:15:00', ruled('fixEnd'))).toBe('2025-10-21 23:59:59')
  })

  it('gives a report with no readable time the fix end, under every rule', () => {
    for (const rule of DEADLINE_RULES) {
      expect(deadlineOf(null, ruled(rule))).toBe('2025-10-21 23:59:59')
      expect(deadlineOf('not a time', ruled(rule))).toBe('2025-10-21 23:59:59')
    }
  })

  it('explains each rule in one zh-TW line with the round’s days', () => {
    expect(deadlineRuleExplanation('fromFixStart', 3)).toContain('修正開始兩者較晚者起算 3 天')
    expect(deadlineRuleExplanation('fromReport', 5)).toContain('回報後 5 天')
    expect(new Set(DEADLINE_RULES.map((r) => deadlineRuleExplanation(r, 3))).size).toBe(3)
  })
})

describe('deadline colours (SLA)', () => {
  it('turns due today at midnight of the deadline day and overdue the second after the deadline', () => {
    const due = '2025-10-11 10:15:00'
    expect(deadlineState(due, '2025-10-10 23:59:59')).toBe('calm')
    expect(deadlineState(due, '2025-10-11 00:00:00')).toBe('dueToday')
    expect(deadlineState(due, '2025-10-11 10:15:00')).toBe('dueToday')
    expect(deadlineState(due, '2025-10-11 10:15:01')).toBe('overdue')
  })

  it('gives each state its own colour, defined once', () => {
    const fills = DEADLINE_STATES.map((s) => DEADLINE_STATE_COLORS[s].fill)
    expect(new Set(fills).size).toBe(3)
  })

  it('applies only to items still awaiting investigation', () => {
    const now = '2025-10-12 09:00:00'
    const fromReport = ruled('fromReport')
    expect(itemDeadline({ status: 'new', reported_at: '2025-10-08 10:00:00' }, fromReport, now)).toEqual({ deadline: '2025-10-11 10:00:00', state: 'overdue' })
    expect(itemDeadline({ status: 'checking', reported_at: '2025-10-12 08:00:00' }, fromReport, now)).toEqual({ deadline: '2025-10-15 08:00:00', state: 'calm' })
    for (const status of ['corrected', 'resubmitted', 'closed', 'noChange', 'disputed'] as const) {
      expect(itemDeadline({ status, reported_at: '2025-10-08 10:00:00' }, fromReport, now)).toBeNull()
    }
  })

  it('tells an item its age in whole hours', () => {
    expect(itemAgeHours('2025-10-08 10:00:00', '2025-10-08 10:59:59')).toBe(0)
    expect(itemAgeHours('2025-10-08 10:00:00', '2025-10-11 11:00:00')).toBe(73)
    expect(itemAgeHours(null, '2025-10-11 11:00:00')).toBeNull()
  })
})

// The lists and counts filter, count and sort by the rule in SQL, as thresholds on
// reported_at: they must agree with the rule at every boundary, under every rule.
describe('the deadline rule in SQL', () => {
  const sqlite = new BetterSqlite3(':memory:')
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) })
  const REPORTED = [
    null, '2025-10-07 08:00:00', '2025-10-14 09:00:00', '2025-10-15 09:59:59', '2025-10-15 10:00:00', '2025-10-15 10:00:01',
    '2025-10-15 23:59:59', '2025-10-16 00:00:00', '2025-10-16 23:59:59', '2025-10-17 00:00:00', '2025-10-17 00:00:01',
    '2025-10-17 10:00:00', '2025-10-18 23:59:58', '2025-10-18 23:59:59', '2025-10-19 00:00:00', '2025-10-20 12:00:00',
  ]
  const NOWS = [
    '2025-10-10 09:00:00', '2025-10-16 17:00:00', '2025-10-18 10:00:00', '2025-10-19 23:59:59', '2025-10-20 00:00:00',
    '2025-10-20 00:00:01', '2025-10-20 10:00:00', '2025-10-21 09:00:00', '2025-10-21 23:59:59', '2025-10-22 00:00:00',
  ]
  const ROUNDS = [...DEADLINE_RULES.map((r) => ruled(r)), ruled('fromFixStart', 1), ruled('fromReport', 5), { ...round, fix_start: '2025-10-17 08:00:00' }]
  const items = sql.join(REPORTED.map((r, i) => sql`(${i}, ${r})`))
  const rows = async (select: ReturnType<typeof sql>) =>
    (await sql<Record<string, unknown>>`SELECT ri.i, ${select} FROM (SELECT column1 AS i, column2 AS reported_at FROM (VALUES ${items})) AS ri ORDER BY ri.i`.execute(db)).rows

  it.each(ROUNDS.flatMap((r) => NOWS.map((now) => [r.deadline_rule, r.investigation_days, r.fix_start, now, r] as const)))(
    'gives the state and the count the rule gives (%s, %i days, fix start %s, at %s)',
    async (_rule, _days, _start, now, r) => {
      const want = REPORTED.map((reportedAt) => deadlineState(deadlineOf(reportedAt, r), now))
      const got = await rows(sql`${deadlineStateSql(r, now)} AS state`)
      expect(got.map((g) => g.state)).toEqual(want)

      const counts = deadlineCounts(r, now)
      const { all, before, today } = counts.aggregates
      const [agg] = (await sql<{ all: number; before: number; today: number }>`SELECT ${all} AS "all", ${before} AS before, ${today} AS today
        FROM (SELECT column1 AS i, column2 AS reported_at FROM (VALUES ${items})) AS ri`.execute(db)).rows
      const tally = { overdue: 0, dueToday: 0, calm: 0 }
      for (const state of want) tally[state]++
      expect(counts.states(agg)).toEqual(tally)
    },
  )

  it.each(ROUNDS.map((r) => [r.deadline_rule, r.investigation_days, r.fix_start, r] as const))(
    'sorts items as their deadlines fall (%s, %i days, fix start %s)',
    async (_rule, _days, _start, r) => {
      const keys = (await rows(sql`${deadlineOrderSql(r)} AS key`)).map((g) => g.key as string)
      const deadlines = REPORTED.map((reportedAt) => deadlineOf(reportedAt, r))
      for (let a = 0; a < REPORTED.length; a++) {
        for (let b = 0; b < REPORTED.length; b++) {
          expect(Math.sign(keys[a].localeCompare(keys[b])), `${REPORTED[a]} vs ${REPORTED[b]}`).toBe(Math.sign(deadlines[a].localeCompare(deadlines[b])))
        }
      }
    },
  )
})
