import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deadlineOf, deadlineState } from '../../../src/core/rounds/deadline'
import { QUEUE_TUNING } from '../../../src/core/queue/env'
import { DEADLINE_RULES, type DeadlineRule } from '../../../src/shared/deadlines'
import { seedSchool } from '../../helpers/seedQueue'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { sqliteOf } from '../../helpers/sqliteOf'

// The deadline facet counts with thresholds on reported_at (rounds/deadline.ts) and reads as
// few items as it can: kept counts say how many items await; only the recent ones and those
// with no report time are read. The states must be the rule's at every boundary, under every
// rule of 設定, with and without a search, whoever leads.

const REPORTED = [
  null, '2025-10-07 08:00:00', '2025-10-15 09:59:59', '2025-10-15 10:00:00', '2025-10-15 10:00:01', '2025-10-15 23:59:59',
  '2025-10-16 00:00:00', '2025-10-17 00:00:00', '2025-10-17 09:00:00', '2025-10-18 23:59:58', '2025-10-18 23:59:59',
  '2025-10-19 00:00:00', '2025-10-20 12:00:00',
]
const NOWS = [
  '2025-10-16 17:00:00', '2025-10-18 10:00:00', '2025-10-20 00:00:00', '2025-10-20 10:00:00', '2025-10-21 09:00:00',
  '2025-10-21 23:59:59', '2025-10-22 00:00:00',
]

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

async function expected(now: string, search: string) {
  const round = (await q.core.ctx.db.selectFrom('rounds').selectAll().where('is_current', '=', 1).executeTakeFirstOrThrow())
  const rows = sqliteOf(q.core).prepare(`SELECT ri.status, ri.reported_at, ri.vanished_at, ri.reason, s.name, s.student_no
    FROM report_items ri JOIN students s ON s.id = ri.student_id`).all() as Record<string, string | null>[]
  const want = { overdue: 0, dueToday: 0, calm: 0 }
  for (const r of rows) {
    if (!['new', 'checking'].includes(r.status!) || r.vanished_at) continue
    if (search && ![r.reason, r.name, r.student_no].some((t) => t!.includes(search))) continue
    want[deadlineState(deadlineOf(r.reported_at, round), now)]++
  }
  return want
}

describe('the deadline facet', () => {
  const cases = DEADLINE_RULES.flatMap((rule) => NOWS.flatMap((now) => ['', '了', '王'].map((search) => [rule, now, search] as const)))
  it.each(cases)('counts as the %s rule at %s (search 「%s」)', async (rule: DeadlineRule, now, search) => {
    sqliteOf(q.core).prepare('UPDATE rounds SET deadline_rule = ? WHERE is_current = 1').run(rule)
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
