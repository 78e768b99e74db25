import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppUnderTest } from './app'
import { textOf, visible } from './expect'
import { queueApp } from './queueSetup'

// 50,000 report items (a stress far beyond a real round's few thousand): the table renders
// only the rows in view, fetching pages from core as the clerk scrolls.

let app: AppUnderTest
beforeAll(async () => {
  app = await queueApp({ students: 3600, items: 50_000, decided: 0.4, seed: 50 })
})
afterAll(() => app.close())

const domRows = () => app.page.locator('.queue-table tr').count()

describe('the queue at 50,000 items', () => {
  it('keeps at most ~100 table rows in the DOM wherever the clerk scrolls', async () => {
    const { page } = app
    await app.open('queue')
    await page.getByRole('button', { name: '清除全部' }).click()
    await textOf(page.getByRole('button', { name: /選取全部符合的/ })).toBe('選取全部符合的 50,000 筆')
    await visible(page.locator('.queue-body tr[data-index="0"][data-item-id]'))
    expect(await domRows()).toBeLessThanOrEqual(100)

    // Drag to the middle of the queue: the rows there arrive from core, still ~50 in the DOM.
    await page.locator('.queue-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight / 2))
    await visible(page.locator('.queue-body tr[data-index="25000"][data-item-id]'))
    expect(await domRows()).toBeLessThanOrEqual(100)
    await app.screenshot('queue-50k-middle')

    // And the keyboard still works down there: j moves on from the row clicked.
    await page.locator('.queue-body tr[data-index="25000"]').click()
    await page.keyboard.press('j')
    await visible(page.locator('.queue-body tr.active[data-index="25001"]'))
    const rows = await domRows()
    expect(rows).toBeGreaterThan(20) // the window is full of rows…
    expect(rows).toBeLessThanOrEqual(100) // …and only those
  })
})
