import { afterEach, describe, expect, it } from 'vitest'
import { seedDashboardSchool } from '../helpers/seedDashboard'
import { fixedClock } from '../helpers/tempCore'
import { launchApp, type AppUnderTest } from './app'
import { countOf, textOf, visible } from './expect'

// No importer on main yet: the school is seeded straight into the DB (test/helpers/seedDashboard.ts):
// 30 classes × 35 students, the 114 round's six (kind, term) pairs, three confirmation exports.

let app: AppUnderTest
afterEach(() => app.close())

async function openSeededSchool(now: string) {
  const clock = fixedClock(now)
  app = await launchApp({ clock })
  const round = (await app.call('rounds.current', {})).round
  const school = await seedDashboardSchool(app.core.ctx.db, { roundId: round.id })
  await app.call('settings.update', { operatorName: '陳怡君', section: 'registration' })
  return { ...school, clock }
}

describe('總覽', () => {
  it('says what to do first when nothing is imported, with the phase already counting down', async () => {
    app = await launchApp({ clock: fixedClock('2025-10-09 10:00') })
    await app.open('dashboard')
    await textOf(app.page.getByTestId('phase-name')).toBe('學生確認與錯誤回報')
    await textOf(app.page.getByTestId('countdown')).toMatch(/^7 天 0[67]:\d\d:\d\d$/)
    await textOf(app.page.getByRole('status')).toContain('尚無資料：先做這兩步')
    await visible(app.page.getByRole('link', { name: '「設定」' }))
    await app.screenshot('dashboard-empty')
  })

  it('shows the phase, each section’s progress, the classes to chase and today’s work: on 114/10/18 nothing is overdue yet', async () => {
    const school = await openSeededSchool('2025-10-18 09:30')
    const overview = await app.call('dashboard.overview', {})
    await app.open('dashboard')

    await textOf(app.page.getByTestId('phase-name')).toBe('查核、修正與重新提交')
    const countdown = app.page.getByTestId('countdown')
    await textOf(countdown).toMatch(/^3 天 14:29:\d\d$/)
    const first = await countdown.innerText()
    await textOf(countdown).not.toBe(first) // it ticks
    await textOf(app.page.getByTestId('kpi-unconfirmed')).toBe(`${school.trend[2]} / ${school.students} 人`)

    const registration = app.page.locator('[data-section="registration"]')
    const counts = overview.sections[0].counts
    await textOf(registration).toContain(`共 ${overview.sections[0].total} 項`)
    await textOf(registration.locator('[data-status="new"]')).toBe(`新回報 ${counts.new}`)
    await textOf(registration.locator('[data-status="checking"]')).toBe(`查核中 ${counts.checking}`)
    await textOf(registration).toContain('本組')

    // Every report came in by 10/16; the fix window opened 10/17: none is due before 10/20.
    expect(counts.new + counts.checking).toBeGreaterThan(0)
    for (const section of ['registration', 'activities', 'studentAffairs']) {
      await textOf(app.page.locator(`[data-section="${section}"] .section-sla`)).toMatch(/^已逾期 0\s*今日到期 0$/)
    }
    await textOf(app.page.getByRole('tab', { name: /已逾期/ })).toBe('已逾期 0')
    await textOf(app.page.getByRole('tab', { name: /今日到期/ })).toBe('今日到期 0')

    // Three charts drawn on canvas.
    await countOf(app.page.locator('.chart canvas')).toBe(3)
    const classChart = app.page.getByRole('img', { name: /各班確認完成率/ })
    expect(await classChart.getAttribute('aria-label')).toContain(`${overview.classes[0].className} 班`)

    // Today's list opens on the first list with work in it: the corrections to resubmit.
    const toResubmit = app.page.getByRole('tab', { name: /已修正待提交/ })
    await expect.poll(() => toResubmit.getAttribute('aria-selected')).toBe('true')
    await textOf(app.page.locator('.today-table tbody tr').first()).toContain('已修正待提交')
    await app.page.waitForTimeout(300)
    await app.screenshot('dashboard')

    // Every row leads to its student.
    const registrationToday = await app.call('dashboard.overview', { section: 'registration' })
    const firstItem = registrationToday.today.awaitingResubmit.items[0]
    await app.page.locator('.today-table tbody tr').first().getByRole('link', { name: firstItem.name }).click()
    await textOf(app.page.getByRole('heading', { level: 1 })).toBe('學生查詢')
    await textOf(app.page.locator('.student-card')).toContain(`${firstItem.className} 班 ${firstItem.seat} 號`)
    await textOf(app.page.locator(`[data-item="${firstItem.id}"]`)).toContain('已修正待提交')

    // On 10/20, three days into the fix window, every report still new or checking is overdue.
    school.clock.set('2025-10-20 09:30')
    await app.open('dashboard')
    await app.page.reload()
    await textOf(registration.locator('.section-sla')).toMatch(new RegExp(`^已逾期 ${counts.new + counts.checking}\\s*今日到期 0$`))
    await textOf(app.page.getByRole('tab', { name: /已逾期/ })).toBe(`已逾期 ${counts.new + counts.checking}`)
    await textOf(app.page.locator('.today-table tbody tr').first()).toContain('已逾期')
    await textOf(app.page.locator('.today-table tbody tr').first()).toContain('已逾期 10/20 00:00')
    await app.page.waitForTimeout(300)
    await app.screenshot('dashboard-overdue')
  })

  it('shows all classes on request and widens today’s list to every section', async () => {
    await openSeededSchool('2025-10-18 09:30')
    const all = await app.call('dashboard.overview', {})
    await app.open('dashboard')
    const chart = app.page.getByRole('img', { name: /各班確認完成率/ })
    const before = (await chart.boundingBox())!.height
    await app.page.getByRole('button', { name: '顯示全部 30 班' }).click()
    await expect.poll(async () => (await chart.boundingBox())!.height).toBeGreaterThan(before * 1.5)
    await app.page.getByLabel('待辦組別').selectOption('')
    await textOf(app.page.getByRole('tab', { name: /已逾期/ })).toBe(`已逾期 ${all.today.overdue.total}`)
    await app.page.getByRole('region', { name: '未確認學生趨勢' }).scrollIntoViewIfNeeded()
    await app.screenshot('dashboard-charts')
  })
})
