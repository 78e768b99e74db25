import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deadlineCounts, deadlineOrderSql, deadlineStateSql } from '../../../src/core/queue/deadlines'
import { deadlineState, investigationDeadline } from '../../../src/core/rounds/deadline'
import type { Round } from '../../../src/core/db/schema'
import { QUEUE_TUNING } from '../../../src/core/queue/env'
import { seedSchool } from '../../helpers/seedQueue'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { sqliteOf } from '../../helpers/sqliteOf'

// The queue counts and filters deadlines with thresholds on reported_at (fast); they must agree
// with the rule itself (rounds/deadline.ts) at every boundary.

let t: TempCore
beforeAll(async () => (t = await tempCore()))
afterAll(() => t.cleanup())

const round = { investigation_days: 3, fix_end: '2025-10-21 23:59:59' } as Round
const REPORTED = [
  null, '2025-10-07 08:00:00', '2025-10-15 09:59:59', '2025-10-15 10:00:00', '2025-10-15 10:00:01', '2025-10-15 23:59:59',
  '2025-10-16 00:00:00', '2025-10-18 23:59:58', '2025-10-18 23:59:59', '2025-10-19 00:00:00', '2025-10-20 12:00:00',
]
const NOWS = ['2025-10-18 10:00:00', '2025-10-21 09:00:00', '2025-10-21 23:59:59', '2025-10-22 00:00:00', '2025-10-16 17:00:00']

async function sqlStates(now: string) {
  const values = sql.join(REPORTED.map((r, i) => sql`(${i}, ${r})`))
  const rows = await sql<{ i: number; state: string; key: string }>`
    SELECT ri.i AS i, ${deadlineStateSql({ ...round, id: 1 } as Round, now)} AS state, ${deadlineOrderSql(round)} AS key
    FROM (SELECT column1 AS i, column2 AS reported_at FROM (VALUES ${values})) AS ri ORDER BY ri.i`.execute(t.core.ctx.db)
  return rows.rows
}

describe('deadline thresholds in SQL', () => {
  it.each(NOWS)('give the same state as the rule for every report time, at %s', async (now) => {
    const got = await sqlStates(now)
    const want = REPORTED.map((r) => deadlineState(investigationDeadline(r, round), now))
    expect(got.map((g) => g.state)).toEqual(want)
  })

  it.each(NOWS)('count each state as the rule does, at %s', async (now) => {
    const values = sql.join(REPORTED.map((r, i) => sql`(${i}, ${r})`))
    const counts = deadlineCounts(round, now)
    const { all, before, today } = counts.aggregates
    const got = await sql<{ all: number; before: number; today: number }>`
      SELECT ${all} AS "all", ${before} AS before, ${today} AS today
      FROM (SELECT column1 AS i, column2 AS reported_at FROM (VALUES ${values})) AS ri`.execute(t.core.ctx.db)
    const want = { overdue: 0, dueToday: 0, calm: 0 }
    for (const r of REPORTED) want[deadlineState(investigationDeadline(r, round), now)]++
    expect(counts.states(got.rows[0])).toEqual(want)
  })

  it('order items as their deadlines do (ties where the fix end caps them)', async () => {
    const got = await sqlStates(NOWS[0])
    const deadlines = REPORTED.map((r) => investigationDeadline(r, round))
    for (let a = 0; a < REPORTED.length; a++) {
      for (let b = 0; b < REPORTED.length; b++) {
        expect(Math.sign(got[a].key.localeCompare(got[b].key)), `${REPORTED[a]} vs ${REPORTED[b]}`)
          .toBe(Math.sign(deadlines[a].localeCompare(deadlines[b])))
      }
    }
  })
})

describe('the deadline facet', () => {
  // Kept counts say how many items await; only the recent ones (reported since the overdue
  // threshold) and those with no report time are read. The states must be the rule's at every
  // boundary, with and without a search, whoever leads.
  let q: TempCore
  const clock = fixedClock(NOWS[0])
  beforeAll(async () => {
    q = await tempCore({ clock })
    const s = sqliteOf(q.core)
    await seedSchool(s, { students: 60, items: 330, decided: 0.3, seed: 21 })
    s.prepare(`UPDATE report_items SET reported_at = (SELECT value FROM json_each(?) WHERE key = report_items.id % ?)`)
      .run(JSON.stringify(REPORTED), REPORTED.length)
    s.exec(`UPDATE report_items SET vanished_at = '2025-10-17 08:00:00' WHERE id % 7 = 0`)
  })
  afterAll(() => q.cleanup())

  const expected = async (now: string, search = '') => {
    const rows = sqliteOf(q.core).prepare(`SELECT ri.status, ri.reported_at, ri.vanished_at, ri.kind, ri.term, ri.reason, s.name, s.student_no
      FROM report_items ri JOIN students s ON s.id = ri.student_id`).all() as Record<string, string | null>[]
    const want = { overdue: 0, dueToday: 0, calm: 0 }
    for (const r of rows) {
      if (!['new', 'checking'].includes(r.status!) || r.vanished_at) continue
      if (search && ![r.reason, r.name, r.student_no].some((t) => t!.includes(search))) continue
      want[deadlineState(investigationDeadline(r.reported_at, round114), now)]++
    }
    return want
  }
  const round114 = { investigation_days: 3, fix_end: '2025-10-21 23:59:59' }

  it.each(NOWS.flatMap((now) => [[now, ''], [now, '了'], [now, '王']]))('counts as the rule at %s (search 「%s」)', async (now, search) => {
    clock.set(now)
    for (const maxLeadingHits of [5000, 0]) {
      QUEUE_TUNING.maxLeadingHits = maxLeadingHits
      const facets = await q.call('queue.facets', { filter: { search } })
      const got = Object.fromEntries(facets.facets.deadline.map((v) => [v.value, v.count]))
      const want = await expected(now, search)
      expect(got, `leading up to ${maxLeadingHits} hits`).toEqual(want)
      expect(want.overdue + want.dueToday + want.calm).toBeGreaterThan(0)
    }
    QUEUE_TUNING.maxLeadingHits = 5000
  })
})
