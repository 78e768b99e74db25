import type { Page } from 'playwright-core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateSchool } from '../fixtures/school'
import { importFiles, writeSchool } from '../helpers/schoolImport'
import { sqliteOf } from '../helpers/sqliteOf'
import { fixedClock } from '../helpers/tempCore'
import { launchApp, type AppUnderTest } from './app'
import { textOf, visible } from './expect'
import { NOW, statusOf } from './queueSetup'

// The October desk (issue 12, items 1, 2, 5) in real Chromium over the real core, on the fixture
// school in the fix window (10/18): decisions in one key, counted; disputes at the counter during
// the re-check (10/22); a phone report entered by hand; the colleagues' counts; the saved view.

let app: AppUnderTest
const clock = fixedClock(NOW)
beforeEach(async () => {
  clock.set(NOW)
  app = await launchApp({ clock })
  await app.call('settings.update', { operatorName: '陳怡君', section: 'registration' })
  await importFiles(app, (await writeSchool(generateSchool())).files)
}, 240_000)
afterEach(() => app.close())

const row = (page: Page, index: number) => page.locator(`.queue-body tr[data-index="${index}"]`)
const idAt = async (page: Page, index: number) => Number(await row(page, index).getAttribute('data-item-id'))
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 50 })
const itemOf = (id: number) =>
  sqliteOf(app.core).prepare('SELECT status, resolution, dispute_reason, channel FROM report_items WHERE id = ?').get(id) as
    { status: string; resolution: string | null; dispute_reason: string | null; channel: string | null }

async function openQueue() {
  await app.open('queue')
  await visible(row(app.page, 0).and(app.page.locator('[data-item-id]')))
}

/** Every key the test sends goes through here, so the count is of real key presses. */
function keyboard(page: Page) {
  let sent = 0
  return {
    press: async (key: string) => {
      sent += 1
      await page.keyboard.press(key)
    },
    /** Keys sent since the mark. */
    since: (mark: number) => sent - mark,
    get sent() {
      return sent
    },
  }
}

describe('the October desk with the keyboard only', () => {
  it('decides 50 course-record reports at ≤ 2 keys each, resubmits them with one selection and r, jumps with g and a number', async () => {
    const { page } = app
    await openQueue()
    // The clerk's filters (set once, not decisions): course records awaiting investigation.
    await page.getByRole('checkbox', { name: /^修課紀錄/ }).check()
    await page.getByTestId('view-pending').click()
    await poll(async () => (await page.locator('.queue-body td[data-column="kind"]').allInnerTexts()).every((k) => k === '修課紀錄')).toBe(true)
    await page.locator('.queue-home').focus()

    const keys = keyboard(page)
    const spent: Record<'corrected' | 'noChange' | 'resubmitted', number[]> = { corrected: [], noChange: [], resubmitted: [] }
    const decided: number[] = []
    for (let i = 0; i < 50; i += 1) {
      const id = await idAt(page, 0)
      const mark = keys.sent
      if (i % 3 === 2) {
        // n and Enter: 免修正, 資料正確 (the default reason).
        await keys.press('n')
        await visible(page.getByRole('dialog', { name: /免修正/ }))
        await keys.press('Enter')
        await poll(() => itemOf(id)).toMatchObject({ status: 'noChange', resolution: 'dataCorrect' })
        spent.noChange.push(keys.since(mark))
      } else {
        // f: fixed at once, new → corrected.
        await keys.press('f')
        await poll(() => statusOf(app, id)).toBe('corrected')
        spent.corrected.push(keys.since(mark))
      }
      decided.push(id)
      // The decided item leaves 待處理: the next one comes up under the cursor.
      await poll(() => idAt(page, 0)).not.toBe(id)
    }
    const corrected = decided.filter((_, i) => i % 3 !== 2)
    expect(corrected.length).toBe(34)

    // After the upload: the pile of corrected items, one selection (Ctrl+A) and r, Enter. The
    // clerk is quicker than the list: Ctrl+A pressed before the view's rows have arrived selects
    // that view's 34 items once they are here.
    const listArrives = await app.holdCalls('queue.list')
    await page.getByTestId('view-toResubmit').click()
    await textOf(page.getByTestId('view-toResubmit').locator('.view-count')).toBe('34')
    await page.locator('.queue-home').focus()
    let mark = keys.sent
    await keys.press('Control+a')
    await listArrives()
    await textOf(page.getByTestId('action-target')).toBe('已選取 34 筆')
    const selecting = keys.since(mark)
    mark = keys.sent
    await keys.press('r')
    await visible(page.getByRole('dialog', { name: /標記已重新提交（34 筆）/ }))
    await keys.press('Enter')
    await poll(() => corrected.map((id) => statusOf(app, id)).every((s) => s === 'resubmitted')).toBe(true)
    spent.resubmitted.push(keys.since(mark))

    // The measure: ≤ 2 keys per decision (cursor moves none here); the bulk resubmit's selection
    // key is shared by its 34 items.
    expect(Math.max(...spent.corrected)).toBe(1)
    expect(Math.max(...spent.noChange)).toBe(2)
    expect(spent.resubmitted).toEqual([2])
    expect(selecting).toBe(1)
    const perItem = keys.sent / decided.length
    console.log(`keystrokes: ${keys.sent} for ${decided.length} items (${perItem.toFixed(2)} per item); ` +
      `corrected ${spent.corrected.length}×1, noChange ${spent.noChange.length}×2, resubmit ${selecting}+${spent.resubmitted[0]} for 34`)
    expect(perItem).toBeLessThanOrEqual(2)

    // g then a number: the 12th item of the list (1-based), then the 3rd.
    await page.getByTestId('view-rechecking').click()
    await page.locator('.queue-home').focus()
    for (const key of ['g', '1', '2']) await page.keyboard.press(key)
    await poll(() => row(page, 11).getAttribute('class')).toContain('active')
    for (const key of ['Escape', 'g', '3']) await page.keyboard.press(key)
    await poll(() => row(page, 2).getAttribute('class')).toContain('active')
    // A digit alone (no g first) moves nothing.
    await page.keyboard.press('j')
    await page.keyboard.press('7')
    await poll(() => row(page, 3).getAttribute('class')).toContain('active')

    // The colleagues' counts: this clerk's 50 items; a colleague's work appears as it is saved.
    await textOf(page.getByLabel('今日處理')).toContain('陳怡君 50 筆')
    await app.call('settings.update', { operatorName: '王大同' })
    const other = await app.call('queue.list', { filter: { status: ['new'] }, limit: 2 })
    await app.call('triage.decide', { target: { items: other.rows.map((r) => ({ id: r.id, version: r.version })) }, to: 'checking' })
    await app.call('settings.update', { operatorName: '陳怡君' })
    await textOf(page.getByLabel('今日處理')).toBe('今日處理：陳怡君 50 筆・王大同 2 筆')
    await app.screenshot('desk-colleague-counts')

    // The view last used on this PC comes back when the queue is opened again.
    await app.open('dashboard')
    await app.open('queue')
    await textOf(page.locator('.queue-message')).toContain('已還原這台電腦上次使用的篩選與排序')
    expect(await page.getByRole('checkbox', { name: /^修課紀錄/ }).isChecked()).toBe(true)
    expect(await page.getByTestId('view-rechecking').getAttribute('aria-pressed')).toBe('true')
    await app.screenshot('desk-saved-view')

    // At the counter on 10/22, during the re-check: a student disputes an item marked 免修正.
    clock.set('2025-10-22 14:00')
    const disputed = decided[2]
    const name = (sqliteOf(app.core).prepare('SELECT s.student_no FROM report_items r JOIN students s ON s.id = r.student_id WHERE r.id = ?')
      .get(disputed) as { student_no: string }).student_no
    await page.getByRole('button', { name: '清除全部' }).click()
    await page.getByRole('button', { name: /^全部/ }).click()
    await page.keyboard.press('/')
    await page.keyboard.type(name)
    await page.keyboard.press('Escape')
    const listed = () => page.locator('.queue-body tr[data-item-id]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-item-id'))))
    const theirs = (sqliteOf(app.core).prepare('SELECT count(*) AS n FROM report_items WHERE student_id = (SELECT student_id FROM report_items WHERE id = ?)')
      .get(disputed) as { n: number }).n
    await poll(async () => (await listed()).length === theirs && (await listed()).includes(disputed)).toBe(true)
    for (let i = (await listed()).indexOf(disputed); i > 0; i -= 1) await page.keyboard.press('j')
    await poll(() => page.locator('.queue-body tr.active').getAttribute('data-item-id')).toBe(String(disputed))
    await page.keyboard.press('d')
    const dialog = page.getByRole('dialog', { name: /學生提出疑義，重新開啟/ })
    await visible(dialog)
    await page.keyboard.type('10/22 臨櫃：學生表示體育成績仍少一筆')
    await page.keyboard.press('Control+Enter')
    await poll(() => itemOf(disputed)).toMatchObject({ status: 'disputed', resolution: null, dispute_reason: '10/22 臨櫃：學生表示體育成績仍少一筆' })
    // Its history, in the detail pane (the cursor has gone on to the next item: back to it).
    const reopened = page.locator(`.queue-body tr[data-item-id="${disputed}"]`)
    await reopened.click()
    await poll(() => reopened.getAttribute('class')).toContain('active')
    await reopened.click()
    const history = page.getByTestId('detail-pane').getByLabel('變更紀錄')
    await textOf(history).toContain('學生提出疑義，重新開啟')
    await textOf(history).toContain('學生疑義：（空白） → 10/22 臨櫃：學生表示體育成績仍少一筆')
    await textOf(history).toContain('狀態：免修正 → 仍有疑義')
    await history.scrollIntoViewIfNeeded()
    await app.screenshot('desk-dispute-history')
  }, 240_000)

  it('records a phone report by hand: find the student, kind and term, error type, the reason, the channel', async () => {
    const { page } = app
    clock.set('2025-10-22 15:30')
    await openQueue()
    const student = sqliteOf(app.core).prepare(`SELECT id, student_no, name FROM students s WHERE NOT EXISTS (
      SELECT 1 FROM report_items r WHERE r.student_id = s.id AND r.kind = 'course') ORDER BY student_no LIMIT 1`).get() as
      { id: number; student_no: string; name: string }
    await page.locator('.queue-home').focus()
    await page.keyboard.press('a')
    const dialog = page.getByRole('dialog', { name: '登錄回報（臨櫃、電話）' })
    await visible(dialog)
    await page.keyboard.type(student.student_no)
    await dialog.getByRole('button', { name: new RegExp(student.name) }).click()
    await dialog.getByLabel('項目與學期').selectOption({ label: '修課紀錄 1132' })
    await dialog.getByLabel('資料有少').check()
    await dialog.getByLabel('學生反映的內容').fill('來電：高二下少了一門選修（程式設計）')
    await dialog.getByLabel('電話').check()
    await app.screenshot('desk-hand-entry')
    await dialog.getByRole('button', { name: '登錄' }).click()
    await textOf(page.locator('.queue-message')).toContain('已登錄這筆回報')
    const entered = sqliteOf(app.core).prepare(`SELECT id, status, channel, reason, error_type, kind, term, section FROM report_items
      WHERE student_id = ? AND kind = 'course'`).all(student.id)
    expect(entered).toEqual([{ id: expect.any(Number), status: 'new', channel: 'phone', reason: '來電：高二下少了一門選修（程式設計）',
      error_type: 'missing', kind: 'course', term: '1132', section: 'registration' }])
    // In the queue, marked as entered by hand.
    await page.keyboard.press('/')
    await page.keyboard.type(student.student_no)
    await page.keyboard.press('Escape')
    await textOf(page.locator('.queue-body tr[data-item-id]').first()).toContain('電話')
  }, 240_000)
})
