import { afterEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../helpers/tempCore'
import { launchApp, type AppUnderTest } from './app'
import { textOf, valueOf, visible } from './expect'

let app: AppUnderTest
afterEach(() => app.close())

describe('設定 → 收訖確認梯次', () => {
  it('creates next year’s round from the seed calendar, refuses windows out of order, and makes it current', async () => {
    app = await launchApp({ clock: fixedClock('2025-10-09 10:00') })
    await app.call('settings.update', { operatorName: '陳怡君' })
    await app.open('settings')
    const panel = app.page.getByRole('region', { name: '收訖確認梯次' })
    await textOf(panel.getByRole('row').nth(1)).toContain('114 學年度收訖明細確認')
    await textOf(panel.getByRole('row').nth(1)).toContain('目前梯次')
    await textOf(panel.getByRole('row').nth(1)).toContain('114/10/07 08:00 –\n10/16 17:00')

    await panel.getByRole('button', { name: '新增梯次' }).click()
    const form = app.page.getByRole('form', { name: '新增梯次' })
    await valueOf(form.getByLabel('梯次名稱')).toBe('115 學年度收訖明細確認')
    await valueOf(form.getByLabel('確認開始')).toBe('115/10/07 08:00')
    await valueOf(form.getByLabel('修正截止')).toBe('115/10/21 23:59:59')
    await valueOf(form.getByLabel('修課紀錄')).toBe('1142')
    await valueOf(form.getByLabel('多元表現')).toBe('1141, 1142')

    await form.getByLabel('確認截止').fill('115/10/06 08:00')
    await form.getByLabel('幹部經歷').fill('11423')
    await form.getByRole('button', { name: '儲存梯次' }).click()
    await textOf(form).toContain('「確認截止」須晚於「確認開始」')
    await textOf(form).toContain('「11423」不是學期代碼')
    expect(await form.getByLabel('確認截止').getAttribute('aria-invalid')).toBe('true')
    await app.screenshot('settings-rounds-form')
    expect(await app.call('rounds.list', {})).toHaveLength(1)

    await form.getByLabel('確認截止').fill('１１５/10/15 17:00') // full-width digits from an IME
    await form.getByLabel('幹部經歷').fill('1142')
    await form.getByLabel('調查天數').fill('5')
    await form.getByRole('button', { name: '儲存梯次' }).click()
    await visible(panel.getByText('已儲存梯次「115 學年度收訖明細確認」。'))
    const saved = (await app.call('rounds.list', {}))[0]
    expect(saved).toMatchObject({ schoolYear: 115, confirmEnd: '2026-10-15 17:00:00', investigationDays: 5, isCurrent: false, updatedBy: '陳怡君' })

    const row115 = panel.getByRole('row').filter({ hasText: '115 學年度收訖明細確認' })
    await row115.getByRole('button', { name: '設為目前梯次' }).click()
    await row115.getByRole('button', { name: '確定' }).click()
    await visible(panel.getByText('目前梯次已改為「115 學年度收訖明細確認」。'))
    await textOf(row115).toContain('目前梯次')
    await app.screenshot('settings-rounds')

    // 總覽 follows the current round; the earlier one stays selectable.
    await app.page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '總覽' }).click()
    await textOf(app.page.getByTestId('phase-name')).toBe('確認尚未開始')
    await textOf(app.page.locator('.phase-round')).toBe('115 學年度收訖明細確認')
    await app.page.getByLabel('梯次', { exact: true }).selectOption({ label: '114 學年度收訖明細確認' })
    await textOf(app.page.getByTestId('phase-name')).toBe('學生確認與錯誤回報')
  })

  it('edits the current round’s windows and the dashboard counts down to the new end', async () => {
    app = await launchApp({ clock: fixedClock('2025-10-16 16:00') })
    await app.call('settings.update', { operatorName: '陳怡君' })
    await app.open('settings')
    const panel = app.page.getByRole('region', { name: '收訖確認梯次' })
    await panel.getByRole('button', { name: '編輯 114 學年度收訖明細確認' }).click()
    const form = app.page.getByRole('form', { name: '編輯梯次' })
    await form.getByLabel('確認截止').fill('114/10/16 18:30')
    await form.getByLabel('修正開始').fill('114/10/16 18:30')
    await form.getByRole('button', { name: '儲存梯次' }).click()
    await visible(panel.getByText('已儲存梯次「114 學年度收訖明細確認」。'))
    await app.page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '總覽' }).click()
    await textOf(app.page.getByTestId('countdown')).toMatch(/^02:2\d:\d\d$/)
  })

  it('chooses how a round sets its deadlines, each rule explained with an example on the round’s own dates', async () => {
    app = await launchApp({ clock: fixedClock('2025-10-18 09:00') })
    await app.call('settings.update', { operatorName: '陳怡君' })
    await app.open('settings')
    const panel = app.page.getByRole('region', { name: '收訖確認梯次' })
    await textOf(panel.getByRole('row').nth(1)).toContain('自可處理時起算 3 天')
    await panel.getByRole('button', { name: '編輯 114 學年度收訖明細確認' }).click()
    const form = app.page.getByRole('form', { name: '編輯梯次' })
    const rule = (name: string) => form.getByRole('radio', { name: new RegExp(`^${name}`) })
    expect(await rule('自可處理時起算').isChecked()).toBe(true)
    await textOf(form.locator('.deadline-rule').nth(0)).toContain('修正期間開始前不會逾期。')
    await textOf(form.locator('.deadline-rule').nth(0)).toContain('例：114/10/07 08:00 的回報，114/10/20 00:00 到期')
    await textOf(form.locator('.deadline-rule').nth(1)).toContain('例：114/10/07 08:00 的回報，114/10/10 08:00 到期')
    await textOf(form.locator('.deadline-rule').nth(2)).toContain('例：114/10/07 08:00 的回報，114/10/21 23:59 到期')
    // The examples follow what is typed.
    await form.getByLabel('調查天數').fill('2')
    await textOf(form.locator('.deadline-rule').nth(0)).toContain('起算 2 天')
    await textOf(form.locator('.deadline-rule').nth(0)).toContain('114/10/19 00:00 到期')
    await rule('自學生回報時起算').check()
    await app.screenshot('settings-deadline-rule')
    await form.getByRole('button', { name: '儲存梯次' }).click()
    await visible(panel.getByText('已儲存梯次「114 學年度收訖明細確認」。'))
    await textOf(panel.getByRole('row').nth(1)).toContain('自學生回報時起算 2 天')
    expect((await app.call('rounds.list', {}))[0]).toMatchObject({ investigationDays: 2, deadlineRule: 'fromReport' })
    // 總覽 counts by the chosen rule: the reports of 10/07–10/16 are two days old by 10/18.
    expect((await app.call('dashboard.overview', {})).round.deadlineRule).toBe('fromReport')
  })
})
