import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { seedSchool } from '../helpers/seedQueue'
import { fixedClock } from '../helpers/tempCore'
import { launchApp, type AppUnderTest } from './app'
import { textOf, valueOf, visible } from './expect'

// Two PCs on one school server: two cores on the same PostgreSQL database, each with its own
// bridge and Chromium. What one window decides shows in the other within seconds, without a
// reload and without taking away what the other clerk holds; a decision on what the other
// window changed meanwhile is refused, naming who and when.

const NOW = '2025-10-18 10:00'
let a: AppUnderTest | undefined
let b: AppUnderTest | undefined
afterEach(async () => {
  await b?.close() // the second PC first: the first one's cleanup drops the database
  await a?.close()
  a = b = undefined
})

const row = (page: Page, index: number) => page.locator(`.queue-body tr[data-index="${index}"]`)
const idAt = async (page: Page, index: number) => Number(await row(page, index).getAttribute('data-item-id'))
const rowOf = (page: Page, id: number) => page.locator(`.queue-body tr[data-item-id="${id}"]`)
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 })

/** Two windows on one fresh server database holding a synthetic school, both on 回報處理. */
async function twoWindows() {
  const clock = fixedClock(NOW)
  a = await launchApp({ backend: 'postgres', clock })
  await a.call('settings.update', { operatorName: '王大同', section: 'registration' })
  await seedSchool(a.core.ctx.store, { students: 60, items: 150, decided: 0, seed: 24, importedAt: '2025-10-16 18:00:00' })
  b = await launchApp({ join: a, clock })
  // Another PC, another clerk: each PC keeps its own operator on the shared server.
  await b.call('settings.update', { operatorName: '林雅婷', section: 'registration' })
  for (const w of [a, b]) {
    await w.open('queue')
    await visible(row(w.page, 0).and(w.page.locator('[data-item-id]')))
  }
  return { a, b }
}

describe('two PCs on one server', () => {
  it('shows another PC\'s decisions within seconds, keeping this window\'s cursor, selection and open dialog', async () => {
    const { a, b } = await twoWindows()
    // B works on the 待處理 pile: the cursor on its 4th item, the 6th and 7th selected, a note half-written.
    await b.page.getByTestId('view-pending').click()
    await visible(row(b.page, 0).and(b.page.locator('[data-item-id]')))
    const ids = await Promise.all([0, 1, 2, 3, 4, 5, 6].map((i) => idAt(b.page, i)))
    const pending = Number(await b.page.getByTestId('view-pending').locator('.view-count').innerText())
    // The clerk clicks into the list (a focused tab would take Space for itself), then keys.
    await row(b.page, 1).click()
    for (const key of ['j', 'j', 'j', 'j', ' ', 'j', ' ', 'k', 'k', 'k']) await b.page.keyboard.press(key)
    await poll(() => row(b.page, 3).getAttribute('class')).toContain('active')
    await b.page.keyboard.press('m')
    const dialog = b.page.getByRole('dialog', { name: '新增備註（2 筆）' })
    await dialog.getByLabel('內部備註').fill('已電話聯絡導師')

    // A, on the whole list in the same order: 查核中 for the first item, 免修正 for the second.
    expect(await idAt(a.page, 0)).toBe(ids[0])
    await a.page.keyboard.press('c')
    await poll(() => row(a.page, 1).getAttribute('class')).toContain('active')
    await a.page.keyboard.press('n')
    await a.page.keyboard.press('1')
    await a.page.keyboard.press('Enter')
    await poll(async () => (await a.call('triage.item', { id: ids[1]! })).item.status).toBe('noChange')

    // B, untouched: the first item now reads 查核中, the second has left the pile…
    await textOf(rowOf(b.page, ids[0]!).locator('td[data-column="status"]')).toBe('查核中')
    await poll(() => rowOf(b.page, ids[1]!).count()).toBe(0)
    await textOf(b.page.getByTestId('view-pending').locator('.view-count')).toBe(String(pending - 1))
    // …and the clerk still has what she had: the dialog and its text, the selection, the cursor on its item.
    await valueOf(dialog.getByLabel('內部備註')).toBe('已電話聯絡導師')
    const selected = await b.page.locator('.queue-body tr[aria-selected="true"]').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-item-id'))))
    expect(selected.sort()).toEqual([ids[5]!, ids[6]!].sort())
    expect(await b.page.locator('.queue-body tr.active').getAttribute('data-item-id')).toBe(String(ids[3]))
    await b.screenshot('two-windows-refreshed')

    await dialog.getByLabel('內部備註').press('Control+Enter')
    await textOf(b.page.getByRole('status').filter({ hasText: '新增備註' })).toBe('已為 2 筆 新增備註。')
    for (const id of [ids[5]!, ids[6]!]) expect((await b.call('triage.item', { id })).notes.map((n) => n.body)).toEqual(['已電話聯絡導師'])
  })

  it('keeps a reply being written beside the queue when another PC answers the item, and does not overwrite that answer', async () => {
    const { a, b } = await twoWindows()
    const first = await idAt(b.page, 0)
    await b.page.keyboard.press('Enter')
    const pane = b.page.getByTestId('detail-pane')
    await pane.getByLabel('答覆內容').fill('已更正，請於複查期間確認')

    // A answers the same item first.
    await a.page.keyboard.press('e')
    const replyDialog = a.page.getByRole('dialog', { name: /答覆/ })
    await replyDialog.getByLabel('給學生的答覆').fill('資料正確，不需修正')
    await replyDialog.getByLabel('給學生的答覆').press('Control+Enter')
    await poll(async () => (await a.call('triage.item', { id: first })).item.reply).toBe('資料正確，不需修正')

    // B's pane shows A's answer in the history, and B's draft is still hers.
    await textOf(pane.getByRole('list', { name: '變更紀錄' })).toContain('資料正確，不需修正')
    await valueOf(pane.getByLabel('答覆內容')).toBe('已更正，請於複查期間確認')
    await pane.getByRole('button', { name: '儲存答覆' }).click()
    await textOf(pane.getByRole('alert')).toContain('已被 王大同 於 114/10/18 10:00 修改過')
    expect((await a.call('triage.item', { id: first })).item.reply).toBe('資料正確，不需修正')
    // Told, she may still replace it: the second save does.
    await valueOf(pane.getByLabel('答覆內容')).toBe('已更正，請於複查期間確認')
    await pane.getByRole('button', { name: '儲存答覆' }).click()
    await poll(async () => (await a.call('triage.item', { id: first })).item.reply).toBe('已更正，請於複查期間確認')
    await poll(() => pane.getByRole('button', { name: '儲存答覆' }).isDisabled()).toBe(true)
  })

  it('refuses a decision on an item the other window changed first, saying who and when, and keeps the first one', async () => {
    const { a, b } = await twoWindows()
    const first = await idAt(a.page, 0)
    expect(await idAt(b.page, 0)).toBe(first)
    // B has not polled since: its screen still shows the item as new.
    const resume = await b.holdCalls()
    await a.page.keyboard.press('c')
    await poll(async () => (await a.call('triage.item', { id: first })).item.status).toBe('checking')

    await b.page.keyboard.press('c')
    await textOf(b.page.getByRole('alert')).toContain('已被 王大同 於 114/10/18 10:00 修改過')
    await textOf(b.page.getByRole('alert')).toContain('這次沒有變更任何資料')
    await textOf(rowOf(b.page, first).locator('td[data-column="status"]')).toBe('查核中')
    await b.screenshot('two-windows-refused')
    await resume()
    const { item, history } = await a.call('triage.item', { id: first })
    expect(item.status).toBe('checking')
    expect(history.filter((h) => h.field === 'status').map((h) => [h.operator, h.newValue])).toEqual([['王大同', 'checking']])

    // B's 總覽 follows A's next decision too, without a reload.
    await b.page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '總覽' }).click()
    const checking = b.page.getByRole('region', { name: '教務處註冊組' }).locator('li[data-status="checking"] b')
    await textOf(checking).toBe('1')
    await a.page.keyboard.press('c')
    await textOf(checking).toBe('2')
  })
})
