import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countUnconfirmedStudents } from '../../../src/core/dashboard/confirmation'
import { seedDashboardSchool, type SeededSchool } from '../../helpers/seedDashboard'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'

// One large school (DESIGN.md §4): ~3,600 students, ~100 classes of ~35, thousands of report items.
let t: TempCore
let school: SeededSchool
beforeAll(async () => {
  // On the fix window's fourth day: the reports of the confirm window are overdue.
  t = await tempCore({ clock: fixedClock('2025-10-20 09:30') })
  const round = (await t.call('rounds.current', {})).round
  school = await seedDashboardSchool(t.core.ctx.db, { roundId: round.id, classesPerGrade: 34, studentsPerClass: 35, reportRate: 0.1 })
})
afterAll(() => t.cleanup())

describe('總覽 on a large school', () => {
  it('adds up: sections to the item total, classes to the student total, the trend to the seeded exports', async () => {
    expect(school.students).toBe(3 * 34 * 35)
    expect(school.items).toBeGreaterThan(2000)
    const overview = await t.call('dashboard.overview', {})
    expect(overview.totals.items).toBe(school.items)
    expect(overview.sections.reduce((n, s) => n + s.total, 0)).toBe(school.items)
    for (const s of overview.sections) expect(Object.values(s.counts).reduce((a, b) => a + b, 0)).toBe(s.total)
    expect(overview.byKindErrorType.reduce((n, c) => n + c.count, 0)).toBe(school.items)
    expect(overview.classes).toHaveLength(102)
    expect(overview.totals.students).toBe(school.students)
    expect(overview.trend.map((p) => p.unconfirmedStudents)).toEqual(school.trend)
    expect(overview.totals.unconfirmedStudents).toBe(school.trend[2])
    expect(await countUnconfirmedStudents(t.core.ctx.db, overview.round.id)).toBe(school.trend[2])
    const rates = overview.classes.map((c) => c.rate)
    expect(rates).toEqual([...rates].sort((a, b) => a - b))
    expect(overview.today.overdue.total).toBeGreaterThan(overview.today.overdue.items.length)
  })

  it('answers fast enough to refresh on every visit', async () => {
    await t.call('dashboard.overview', {})
    const started = performance.now()
    for (let i = 0; i < 3; i++) await t.call('dashboard.overview', {})
    const perCall = (performance.now() - started) / 3
    console.log(`dashboard.overview on ${school.students} students / ${school.items} items: ${perCall.toFixed(0)} ms`)
    // Generous for a shared 2-core machine; measured at a few tens of ms.
    expect(perCall).toBeLessThan(1500)
  })
})
