import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { seedDashboardSchool } from '../helpers/seedDashboard'
import { launchApp, type AppUnderTest } from './app'
import { textOf, valueOf, visible } from './expect'
import { sqliteOf } from '../helpers/sqliteOf'

let app: AppUnderTest
beforeEach(async () => (app = await launchApp()))
afterEach(() => app.close())

describe('the shell and 設定', () => {
  it('navigates the six pages in Traditional Chinese', async () => {
    await app.open()
    const nav = app.page.getByRole('navigation', { name: '主選單' })
    for (const label of ['總覽', '回報處理', '學生查詢', '匯入', '匯出', '設定']) {
      await nav.getByRole('link', { name: label, exact: true }).click()
      await textOf(app.page.getByRole('heading', { level: 1 })).toBe(label)
    }
  })

  it('keeps the operator name and section set in 設定 after a reload', async () => {
    await app.open()
    await app.page.getByRole('link', { name: '尚未設定操作者' }).click()
    await app.page.getByLabel('姓名').fill('陳怡君')
    await app.page.getByLabel('處室組別').selectOption({ label: '學務處社團活動組' })
    await app.page.getByRole('button', { name: '儲存設定' }).click()
    await visible(app.page.getByText('已儲存。'))

    await app.page.reload()
    await valueOf(app.page.getByLabel('姓名')).toBe('陳怡君')
    await valueOf(app.page.getByLabel('處室組別')).toBe('activities')
    await textOf(app.page.getByTestId('operator-badge')).toContain('陳怡君')
    await textOf(app.page.getByTestId('operator-badge')).toContain('學務處社團活動組')
    await app.screenshot('settings')

    // Saved in the DB, not in the page.
    expect(await app.call('settings.get', {})).toMatchObject({ operatorName: '陳怡君', section: 'activities' })
  })

  it('refuses an empty name with a message and keeps the saved one', async () => {
    await app.call('settings.update', { operatorName: '陳怡君' })
    await app.open('settings')
    await valueOf(app.page.getByLabel('姓名')).toBe('陳怡君')
    await app.page.getByLabel('姓名').fill('')
    // Past the browser's own `required` check, core must still refuse.
    await app.page.getByLabel('姓名').evaluate((el) => el.removeAttribute('required'))
    await app.page.getByRole('button', { name: '儲存設定' }).click()
    await textOf(app.page.getByRole('alert')).toContain('請填寫姓名')
    expect((await app.call('settings.get', {})).operatorName).toBe('陳怡君')
  })

  it('moves a kind’s items when its section changes, after saying how many and asking', async () => {
    const { round } = await app.call('rounds.current', {})
    await seedDashboardSchool(app.core.ctx.db, { roundId: round.id, classesPerGrade: 2, studentsPerClass: 30, reportRate: 0.15, seed: 8 })
    await app.call('settings.update', { operatorName: '陳怡君', section: 'activities' })
    const cadre = sqliteOf(app.core).prepare(`SELECT count(*) FROM report_items WHERE kind = 'cadre'`).pluck().get() as number
    expect(cadre).toBeGreaterThan(0)
    await app.open('settings')
    const panel = app.page.getByRole('form', { name: '負責組別' })
    await panel.getByLabel('幹部經歷').selectOption({ label: '學務處社團活動組' })
    await panel.getByRole('button', { name: '儲存負責組別' }).click()
    const confirm = panel.getByRole('group', { name: '確認移動回報項目' })
    await textOf(confirm).toContain(`將 ${cadre} 筆「幹部經歷」回報項目改由 學務處社團活動組 處理`)
    await app.screenshot('settings-routing-confirm')
    // Nothing moves until it is confirmed.
    expect((await app.call('settings.get', {})).routing.cadre).toBe('studentAffairs')
    await confirm.getByRole('button', { name: '確定移動並儲存' }).click()
    await visible(panel.getByText(`已儲存，並將 ${cadre} 筆回報項目移至新的負責組別（可在「回報處理」復原）。`))
    expect(sqliteOf(app.core).prepare(`SELECT DISTINCT section FROM report_items WHERE kind = 'cadre'`).pluck().all()).toEqual(['activities'])

    // The queue counts them under their new section; its undo button offers to take the move back.
    await app.page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '回報處理' }).click()
    await textOf(app.page.getByTestId('count-section-studentAffairs')).toBe('0')
    await visible(app.page.getByRole('button', { name: /復原/ }))
  })
})
