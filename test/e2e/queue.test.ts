import type { Page } from 'playwright-core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppUnderTest } from './app'
import { countOf, textOf, valueOf, visible } from './expect'
import { countInDb, fixtureSchoolApp, queueApp, statusOf } from './queueSetup'
import { sqliteOf } from '../helpers/sqliteOf'

// 回報處理 in real Chromium over the real core: the fixture school imported through the
// importer, or a synthetic school seeded straight into the DB where a test needs its shape.

let app: AppUnderTest
afterEach(() => app.close())

const row = (page: Page, index: number) => page.locator(`.queue-body tr[data-index="${index}"]`)
const idAt = async (page: Page, index: number) => Number(await row(page, index).getAttribute('data-item-id'))
/** Report items for the students already there (the roster came first). */
function seedMore(a: AppUnderTest) {
  sqliteOf(a.core).exec(`INSERT INTO confirmations (student_id, kind, term, state, first_batch_id, last_batch_id, created_at, updated_at)
      SELECT id, 'course', '1132', 'reported', 1, 1, '2025-10-16 18:00:00', '2025-10-16 18:00:00' FROM students;
    INSERT INTO report_items (confirmation_id, student_id, kind, term, section, error_type, reason, reported_at,
      first_batch_id, last_batch_id, source_changed_at, created_at, updated_at)
      SELECT c.id, c.student_id, 'course', '1132', 'registration', 'extra', '多了國文', '2025-10-15 09:00:00', 1, 1,
        '2025-10-16 18:00:00', '2025-10-16 18:00:00', '2025-10-16 18:00:00' FROM confirmations c`)
}

/** The count a saved-view tab shows, as a number. */
const viewCount = (page: Page, view: string) =>
  expect.poll(async () => Number((await page.getByTestId(`view-${view}`).locator('.view-count').innerText().catch(() => '')).replace(/,/g, '')), { timeout: 15_000, interval: 50 })
const poll = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000, interval: 50 })
/** Fires a keydown at an element inside the page, as an input method would send it. */
type KeyInit = { key: string; isComposing?: boolean; keyCode?: number }
const fireKeydown = (locator: ReturnType<Page['locator']>, init: KeyInit) =>
  locator.evaluate((el, i) => {
    // Runs in the page (the test's own types have no DOM lib).
    const Keyboard = (globalThis as unknown as { KeyboardEvent: new (type: string, init: object) => Event }).KeyboardEvent
    return el.dispatchEvent(new Keyboard('keydown', { ...i, bubbles: true, cancelable: true }))
  }, init)
const stepCount = () => (sqliteOf(app.core).prepare('SELECT count(*) AS n FROM change_steps WHERE undone_at IS NULL').get() as { n: number }).n

async function openQueue() {
  await app.open('queue')
  await visible(row(app.page, 0).and(app.page.locator('[data-item-id]')))
}

describe('回報處理 with the keyboard only, on the imported fixture school', () => {
  beforeEach(async () => (app = await fixtureSchoolApp()))

  it('opens on the operator\'s section, decides items one key each, bulk-resubmits, undoes, and keeps the counts right', async () => {
    const { page } = app
    await openQueue()
    // Opens on 教務處註冊組 (設定): only course records and learning outcomes.
    expect(await page.getByLabel('教務處註冊組').isChecked()).toBe(true)
    expect(await page.getByLabel('學務處訓育組').isChecked()).toBe(false)
    const kinds = await page.locator('.queue-body td[data-column="kind"]').allInnerTexts()
    expect(kinds.length).toBeGreaterThan(10)
    expect(kinds.every((k) => k === '修課紀錄' || k === '學習成果')).toBe(true)
    await viewCount(page, 'pending').toBe(countInDb(app, ['new']))
    const pending = countInDb(app, ['new', 'checking'])
    await viewCount(page, 'pending').toBe(pending)

    // c: 查核中, and the next item comes up.
    const first = await idAt(page, 0)
    await page.keyboard.press('c')
    await poll(() => statusOf(app, first)).toBe('checking')
    await poll(() => row(page, 1).getAttribute('class')).toContain('active')

    // n: 免修正 asks why; 2 = the student's own original selection; Enter confirms.
    const second = await idAt(page, 1)
    await page.keyboard.press('n')
    await visible(page.getByRole('dialog', { name: /免修正/ }))
    await page.keyboard.press('2')
    await page.keyboard.press('Enter')
    await poll(() => statusOf(app, second)).toBe('noChange')
    expect(sqliteOf(app.core).prepare('SELECT resolution FROM report_items WHERE id = ?').get(second)).toEqual({ resolution: 'studentSelection' })
    await poll(() => row(page, 2).getAttribute('class')).toContain('active')

    // r on a new item is not a move the workflow has (nothing was fixed to resubmit): said so, nothing changed.
    const third = await idAt(page, 2)
    await page.keyboard.press('r')
    await textOf(page.getByRole('alert')).toContain('「新回報」不能改為「已重新提交」')
    expect(statusOf(app, third)).toBe('new')

    // Shift+↓ selects three items; c, then f, then r (Enter keeps "now") — each one step.
    const three = [third, await idAt(page, 3), await idAt(page, 4)]
    // Pressed as fast as auto-repeat would; one step too far and back shrinks the range again.
    const select3 = async () => {
      for (const key of ['Shift+ArrowDown', 'Shift+ArrowDown', 'Shift+ArrowDown', 'Shift+ArrowUp']) await page.keyboard.press(key)
      await textOf(page.getByTestId('action-target')).toBe('已選取 3 筆')
    }
    await select3()
    await page.keyboard.press('c')
    await poll(() => three.map((id) => statusOf(app, id))).toEqual(['checking', 'checking', 'checking'])
    await page.keyboard.press('k')
    await page.keyboard.press('k')
    await poll(() => row(page, 2).getAttribute('class')).toContain('active')
    await select3()
    await page.keyboard.press('f')
    await poll(() => three.map((id) => statusOf(app, id))).toEqual(['corrected', 'corrected', 'corrected'])
    await viewCount(page, 'toResubmit').toBe(3)
    await page.keyboard.press('k')
    await page.keyboard.press('k')
    await select3()
    const steps = stepCount()
    await page.keyboard.press('r')
    await visible(page.getByRole('dialog', { name: /標記已重新提交（3 筆）/ }))
    await page.keyboard.press('Enter')
    await poll(() => three.map((id) => statusOf(app, id))).toEqual(['resubmitted', 'resubmitted', 'resubmitted'])
    expect(stepCount()).toBe(steps + 1)
    expect(sqliteOf(app.core).prepare(`SELECT DISTINCT resubmitted_at, resubmitted_by FROM report_items WHERE id IN (${three})`).all())
      .toEqual([{ resubmitted_at: '2025-10-18 10:00:00', resubmitted_by: '陳怡君' }])
    await viewCount(page, 'rechecking').toBe(3)
    await viewCount(page, 'toResubmit').toBe(0)
    await app.screenshot('queue-after-bulk')

    // u undoes the bulk resubmit; Ctrl+Z the step before it.
    await page.keyboard.press('u')
    await textOf(page.getByRole('status').filter({ hasText: '已復原' })).toContain('已復原：標記已重新提交（3 筆）')
    await poll(() => three.map((id) => statusOf(app, id))).toEqual(['corrected', 'corrected', 'corrected'])
    await viewCount(page, 'rechecking').toBe(0)
    await page.keyboard.press('Control+z')
    await poll(() => three.map((id) => statusOf(app, id))).toEqual(['checking', 'checking', 'checking'])
    await viewCount(page, 'pending').toBe(countInDb(app, ['new', 'checking']))
    expect(countInDb(app, ['new', 'checking'])).toBe(pending - 1) // only the 免修正 item left the pile
  })

  it('never fires a shortcut while typing in a field or while an input method is composing', async () => {
    const { page } = app
    await openQueue()
    const first = await idAt(page, 0)

    // Typing in the search box: c, f, x, n are letters, not decisions.
    await page.keyboard.press('/')
    await page.keyboard.type('cfxnr')
    await valueOf(page.getByLabel('搜尋姓名、學號或原因')).toBe('cfxnr')
    await page.keyboard.press('Escape')
    await page.getByLabel('搜尋姓名、學號或原因').fill('')
    await visible(row(page, 0).and(page.locator('[data-item-id]')))

    // Keys an input method (注音, 倉頡) is composing: isComposing, or Chromium's keyCode 229.
    const press = (init: KeyInit) => fireKeydown(page.locator('.queue-home'), init)
    await page.locator('.queue-home').focus()
    await press({ key: 'c', isComposing: true })
    await press({ key: 'c', keyCode: 229 })
    await press({ key: 'Process', keyCode: 229 })
    await page.waitForTimeout(300)
    expect(statusOf(app, first)).toBe('new')
    // The same event without composition does act (so the two above were really ignored).
    await press({ key: 'c' })
    await poll(() => statusOf(app, first)).toBe('checking')
    // The decision moves the cursor on to the next item once it is saved: the reply below is typed
    // in that item's pane, not in the one a late move would switch away from.
    await poll(() => row(page, 1).getAttribute('class')).toContain('active')

    // Typing a reply in the detail pane.
    await page.keyboard.press('Enter')
    const reply = page.getByLabel('答覆內容')
    await reply.focus()
    await page.keyboard.type('fx已更正')
    await valueOf(reply).toBe('fx已更正')
    expect(statusOf(app, first)).toBe('checking')
    // Composition events in the textarea are left to the input method as well.
    await fireKeydown(reply, { key: 'f', isComposing: true })
    expect(statusOf(app, first)).toBe('checking')
  })

  it('keeps a reply begun under a decided item: the cursor stays, and a draft left behind is there when the clerk comes back', async () => {
    const { page } = app
    await openQueue()
    const first = await idAt(page, 0)
    const second = await idAt(page, 1)
    await page.locator('.queue-home').focus()
    await page.keyboard.press('Enter')
    const reply = page.getByLabel('答覆內容')
    await visible(reply)

    // The decision is saved, but where the cursor goes next is still on its way (the list is
    // held): the clerk clicks into the reply of the item she just decided and types.
    const listArrives = await app.holdCalls('queue.list')
    await page.locator('.queue-home').focus()
    await page.keyboard.press('c')
    await poll(() => statusOf(app, first)).toBe('checking')
    await reply.click()
    await page.keyboard.type('已查明，改為正確學分')
    await listArrives()
    await page.waitForTimeout(500) // the late move, had it come, would have landed by now
    expect(await row(page, 0).getAttribute('class')).toContain('active')
    await valueOf(reply).toBe('已查明，改為正確學分')

    // She leaves it unsaved for the next item, and comes back: her draft is still there.
    await row(page, 1).click()
    await poll(() => page.getByTestId('detail-pane').innerText()).toContain(`#${second}`)
    await valueOf(reply).toBe('')
    await row(page, 0).click()
    await poll(() => page.getByTestId('detail-pane').innerText()).toContain(`#${first}`)
    await valueOf(reply).toBe('已查明，改為正確學分')
  })
})

describe('empty states', () => {
  it('before the first import, points to 匯入; when nothing matches, offers to clear the filters', async () => {
    app = await queueApp({ students: 10, items: 0 })
    await app.open('queue')
    await textOf(app.page.getByRole('status').filter({ hasText: '還沒有錯誤回報' })).toContain('到「匯入」載入收訖確認結果')
    await app.screenshot('queue-empty')
    seedMore(app)
    await app.page.reload()
    await visible(row(app.page, 0).and(app.page.locator('[data-item-id]')))
    await app.page.keyboard.press('/')
    await app.page.keyboard.type('沒有這個人')
    await textOf(app.page.getByRole('status').filter({ hasText: '沒有符合' })).toContain('沒有符合這些條件的回報')
    await app.page.getByRole('button', { name: '清除篩選' }).click()
    await visible(row(app.page, 0).and(app.page.locator('[data-item-id]')))
    await valueOf(app.page.getByLabel('搜尋姓名、學號或原因')).toBe('')
  })
})

describe('a stale window', () => {
  beforeEach(async () => (app = await queueApp({ students: 60, items: 150, decided: 0, seed: 24 })))

  it('refuses a decision on an item another PC changed meanwhile, says who, and shows what is there now', async () => {
    const { page } = app
    await openQueue()
    const first = await idAt(page, 0)
    // Another clerk, on another PC sharing the DB, takes the item first — before this window's
    // next poll for changes would show it.
    const resume = await app.holdCalls()
    await app.call('settings.update', { operatorName: '王大同' })
    await app.call('triage.decide', { target: { items: [{ id: first, version: 1 }] }, to: 'noChange', resolution: 'dataCorrect' })
    await app.call('settings.update', { operatorName: '陳怡君' })

    await page.keyboard.press('c')
    await textOf(page.getByRole('alert')).toContain('已被 王大同 於 114/10/18 10:00 修改過')
    expect(statusOf(app, first)).toBe('noChange') // not overwritten
    await textOf(row(page, 0).locator('td[data-column="status"]')).toBe('免修正')
    await resume()
  })
})

describe('回報處理 with the mouse', () => {
  beforeEach(async () => (app = await queueApp({ students: 60, items: 150, records: true, decided: 0, seed: 22 })))

  it('selects with click, ctrl-click and shift-click, and applies one decision to the selection as one step', async () => {
    const { page } = app
    await openQueue()
    await row(page, 0).click()
    await row(page, 2).click({ modifiers: ['Control'] })
    await row(page, 4).click({ modifiers: ['Control'] })
    await row(page, 6).click({ modifiers: ['Shift'] })
    await textOf(page.getByTestId('action-target')).toBe('已選取 4 筆')
    const selected = await page.locator('.queue-body tr[aria-selected="true"]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-index'))))
    expect(selected.sort()).toEqual([2, 4, 5, 6])
    const ids = await Promise.all([2, 4, 5, 6].map((i) => idAt(page, i)))
    const steps = stepCount()
    await page.getByRole('button', { name: /查核中/ }).click()
    await poll(() => ids.map((id) => statusOf(app, id))).toEqual(['checking', 'checking', 'checking', 'checking'])
    expect(stepCount()).toBe(steps + 1)
    expect(statusOf(app, await idAt(page, 0))).toBe('new')
  })

  it('"select all N matching" applies to the filter in core, not to the rows loaded', async () => {
    const { page } = app
    await openQueue()
    await page.getByLabel('資料有多').check()
    const n = sqliteOf(app.core).prepare(`SELECT count(*) AS n FROM report_items WHERE section = 'registration' AND error_type = 'extra'`).get() as { n: number }
    await page.getByRole('button', { name: `選取全部符合的 ${n.n} 筆` }).click()
    await textOf(page.getByTestId('action-target')).toBe(`已選取 ${n.n} 筆`)
    await page.getByRole('button', { name: /備註/ }).click()
    await page.getByLabel('內部備註').fill('同一批：已與註冊組長確認')
    await page.getByRole('button', { name: /儲存/ }).click()
    await poll(() => (sqliteOf(app.core).prepare(`SELECT count(DISTINCT item_id) AS n FROM notes WHERE body = '同一批：已與註冊組長確認'`).get() as { n: number }).n).toBe(n.n)
    expect(sqliteOf(app.core).prepare('SELECT label, item_count FROM change_steps').all()).toEqual([{ label: '新增備註', item_count: n.n }])
  })
})

/** This school counts deadlines from the report (設定's 'fromReport'): at 10/18 some items are overdue. */
const countFromReport = (app: AppUnderTest) => sqliteOf(app.core).exec(`UPDATE rounds SET deadline_rule = 'fromReport'`)

describe('investigation deadlines', () => {
  beforeEach(async () => {
    app = await queueApp({ students: 60, items: 150, decided: 0.3, seed: 23 })
    countFromReport(app)
  })

  it('filters to overdue items with a live count and sorts the most urgent first', async () => {
    const { page } = app
    await openQueue()
    // Three days after the report, capped at the end of the fix window (10/21), at 10/18 10:00.
    const overdue = (sqliteOf(app.core).prepare(`SELECT count(*) AS n FROM report_items WHERE section = 'registration'
      AND status IN ('new', 'checking') AND vanished_at IS NULL
      AND min(coalesce(datetime(reported_at, '+3 days'), '2025-10-21 23:59:59'), '2025-10-21 23:59:59') < '2025-10-18 10:00:00'`)
      .get() as { n: number }).n
    expect(overdue).toBeGreaterThan(0)
    await textOf(page.getByTestId('count-deadline-overdue')).toBe(String(overdue))
    await page.getByLabel('已逾期').check()
    await textOf(page.getByRole('button', { name: /選取全部符合的/ })).toBe(`選取全部符合的 ${overdue} 筆`)
    const badges = await page.locator('.queue-body td[data-column="deadline"]').allInnerTexts()
    expect(badges.length).toBeGreaterThan(0)
    expect(badges.every((b) => b.startsWith('已逾期'))).toBe(true)

    await page.getByLabel('已逾期').uncheck()
    await page.getByRole('button', { name: '調查期限' }).click()
    await textOf(row(page, 0).locator('td[data-column="deadline"]')).toContain('已逾期')
    await app.screenshot('queue-by-deadline')
  })
})

describe('the cursor after a decision', () => {
  /** The item the cursor is on. */
  const activeId = (page: Page) => poll(async () => Number(await page.locator('.queue-body tr.active').getAttribute('data-item-id').catch(() => null)))
  /** Waits until the step on `id` is done and its message shown: the cursor has been placed by then. */
  const decided = async (id: number, status: string) => {
    await poll(() => statusOf(app, id)).toBe(status)
    await visible(app.page.getByRole('status').filter({ hasText: '已將' }))
  }
  const noChange = async (page: Page) => {
    await page.keyboard.press('n')
    await visible(page.getByRole('dialog', { name: /免修正/ }))
    await page.keyboard.press('2')
    await page.keyboard.press('Enter')
  }
  const sortBy = async (page: Page, header: string, direction: 'ascending' | 'descending') => {
    const th = page.locator('.queue-table th').filter({ has: page.getByRole('button', { name: header, exact: true }) })
    for (let i = 0; i < 3 && (await th.getAttribute('aria-sort')) !== direction; i++) {
      await th.getByRole('button').click()
      await poll(() => th.getAttribute('aria-sort')).not.toBe('none')
    }
    expect(await th.getAttribute('aria-sort')).toBe(direction)
    await page.locator('.queue-home').focus()
  }

  it('under 已逾期, lands on the next item whether the decided one stays in the list or leaves it — none skipped', async () => {
    app = await queueApp({ students: 60, items: 150, decided: 0, seed: 23 })
    countFromReport(app)
    const { page } = app
    await openQueue()
    await page.getByLabel('已逾期').check()
    await visible(row(page, 0).and(page.locator('[data-item-id]')))
    await page.locator('.queue-home').focus()
    const ids = await Promise.all([0, 1, 2, 3].map((i) => idAt(page, i)))

    // c: 查核中 is still awaiting investigation, still overdue — it stays, the cursor steps down.
    await page.keyboard.press('c')
    await decided(ids[0], 'checking')
    await activeId(page).toBe(ids[1])

    // Back up; f: 已修正 no longer awaits investigation — it leaves, and the item after it
    // comes up into its place: the cursor stays there, on it.
    await page.keyboard.press('k')
    await activeId(page).toBe(ids[0])
    await page.keyboard.press('f')
    await decided(ids[0], 'corrected')
    await activeId(page).toBe(ids[1])
    await page.waitForTimeout(300)
    await activeId(page).toBe(ids[1])

    // n: 免修正 leaves too: the second decision is on the item that was second, then the third comes up.
    await noChange(page)
    await decided(ids[1], 'noChange')
    await activeId(page).toBe(ids[2])
    expect(ids.map((id) => statusOf(app, id))).toEqual(['corrected', 'noChange', 'new', 'new'])
    await app.screenshot('queue-cursor-overdue')
  })

  it('sorted by status, lands on the next item whether the decided one moves down past it or up before it', async () => {
    app = await queueApp({ students: 60, items: 150, decided: 0.3, seed: 22 })
    const { page } = app
    await openQueue()
    await page.getByTestId('view-pending').click()
    // 新回報 first, then 查核中: an item set to 查核中 moves down out of its place.
    await sortBy(page, '狀態', 'ascending')
    await visible(row(page, 0).and(page.locator('[data-item-id]')))
    const ids = await Promise.all([0, 1, 2].map((i) => idAt(page, i)))
    expect(ids.map((id) => statusOf(app, id))).toEqual(['new', 'new', 'new'])
    await page.keyboard.press('c')
    await decided(ids[0], 'checking')
    await activeId(page).toBe(ids[1])
    await page.waitForTimeout(300)
    await activeId(page).toBe(ids[1])
    await page.keyboard.press('c')
    await decided(ids[1], 'checking')
    await activeId(page).toBe(ids[2])
    expect(statusOf(app, ids[2])).toBe('new')

    // 查核中 first (newest first), then 新回報: the first new item, set to 查核中, moves up
    // among the checking ones; the item after it has not moved, the cursor steps down to it.
    await sortBy(page, '狀態', 'descending')
    const checking = countInDb(app, ['checking'])
    for (let i = 0; i < checking; i++) await page.keyboard.press('j')
    await poll(() => page.locator('.queue-body tr.active').getAttribute('data-index')).toBe(String(checking))
    const [first, next] = await Promise.all([idAt(page, checking), idAt(page, checking + 1)])
    expect([statusOf(app, first), statusOf(app, next)]).toEqual(['new', 'new'])
    await page.keyboard.press('c')
    await decided(first, 'checking')
    await activeId(page).toBe(next)
    // It did move up (so "stay put when the decided item is no longer here" would be wrong).
    expect(Number(await page.locator(`.queue-body tr[data-item-id="${first}"]`).getAttribute('data-index'))).toBeLessThan(checking)
    await page.waitForTimeout(300)
    await activeId(page).toBe(next)
    await app.screenshot('queue-cursor-by-status')
  })
})

describe('the reply dialog', () => {
  beforeEach(async () => (app = await queueApp({ students: 60, items: 150, decided: 0, seed: 25 })))

  it('opens on the item\'s current reply, so that editing keeps it; empty for a selection of several', async () => {
    const { page } = app
    const first = (await app.call('queue.list', { filter: { section: ['registration'] }, sort: { column: 'age', direction: 'desc' }, offset: 0, limit: 1 })).rows[0]
    await app.call('triage.reply', { target: { items: [{ id: first.id, version: first.version }] }, reply: '已更正國文學分。' })
    await openQueue()
    expect(await idAt(page, 0)).toBe(first.id)

    await page.keyboard.press('e')
    const text = page.getByRole('dialog', { name: /答覆/ }).getByLabel('給學生的答覆')
    await valueOf(text).toBe('已更正國文學分。')
    await app.screenshot('queue-reply-dialog')
    await page.keyboard.type('請於 10/22 複查。')
    await page.keyboard.press('Control+Enter')
    await poll(() => (sqliteOf(app.core).prepare('SELECT reply FROM report_items WHERE id = ?').get(first.id) as { reply: string }).reply)
      .toBe('已更正國文學分。請於 10/22 複查。')

    // Several items: each has its own reply, the dialog starts empty.
    await countOf(page.getByRole('dialog')).toBe(0)
    await page.keyboard.press('Shift+ArrowDown')
    await textOf(page.getByTestId('action-target')).toBe('已選取 2 筆')
    await page.keyboard.press('e')
    await valueOf(page.getByRole('dialog', { name: /答覆（2 筆）/ }).getByLabel('給學生的答覆')).toBe('')
  })
})

describe('the detail pane, on the imported fixture school', () => {
  beforeEach(async () => (app = await fixtureSchoolApp()))

  it('shows the whole report next to the submitted records, the mentioned row highlighted, and keeps replies and notes with history', async () => {
    const { page } = app
    await openQueue()
    await app.screenshot('queue')
    // Student 130075 wrote 「國防成績不對，應為73分」 about the course records of 1132.
    await page.keyboard.press('/')
    await page.keyboard.type('130075 國防')
    await page.keyboard.press('Escape')
    await countOf(page.locator('.queue-body tr[data-item-id]')).toBe(1)
    await textOf(row(page, 0)).toContain('國防成績不對，應為73分')
    await page.keyboard.press('Enter')
    const pane = page.getByTestId('detail-pane')
    await visible(pane.locator('.records-table'))
    // 國防 is 全民國防教育; 「應為73分」 questions its score, not another row.
    await countOf(pane.locator('tr[data-matched="true"]')).toBe(1)
    await textOf(pane.locator('tr[data-matched="true"]')).toContain('全民國防教育')
    await countOf(pane.locator('td.questioned')).toBe(1)
    expect(Number(await pane.locator('td.questioned').innerText())).not.toBe(73)

    // The problem list may already have given this item a reply; the history shows it replaced.
    const before = (sqliteOf(app.core).prepare(`SELECT ri.reply FROM report_items ri JOIN students s ON s.id = ri.student_id
      WHERE s.student_no = '130075' AND ri.reason LIKE '%國防%'`).get() as { reply: string | null }).reply
    await pane.getByLabel('答覆內容').fill('已更正全民國防教育成績，請於 10/22 複查。')
    await pane.getByRole('button', { name: '儲存答覆' }).click()
    await pane.getByLabel('新備註').fill('已向任課老師確認原始成績')
    await pane.getByRole('button', { name: '新增備註' }).click()
    await textOf(pane.locator('.notes')).toContain('已向任課老師確認原始成績')
    await textOf(pane.getByLabel('變更紀錄')).toContain(`答覆：${before || '（空白）'} → 已更正全民國防教育成績`)
    await textOf(pane.getByLabel('變更紀錄')).toContain('陳怡君')
    await page.locator('.queue-home').focus()
    await page.keyboard.press('c')
    await textOf(pane.getByLabel('變更紀錄')).toContain('狀態：新回報 → 查核中')
    await app.screenshot('queue-detail')
    await page.keyboard.press('?')
    await visible(page.getByRole('dialog', { name: '鍵盤操作' }))
    await app.screenshot('queue-cheatsheet')
    await page.keyboard.press('Escape')
    await countOf(page.getByRole('dialog')).toBe(0)
  })
})
