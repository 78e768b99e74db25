import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ERROR_TYPE_LABELS, KIND_LABELS, type ErrorType, type Kind } from '../../src/shared/domain'
import { sqliteOf } from '../helpers/sqliteOf'
import type { AppUnderTest } from './app'
import { countOf, textOf, valueOf, visible } from './expect'
import { fixtureSchoolApp } from './queueSetup'

// Issue 12, items 3 and 4 in the window, on the imported fixture school: the section's reply
// templates edited in 設定 and picked by number key for 20 items at once, each filled with its
// own student; the 提示 facet narrowing the queue to the items whose records already hold what
// the student says is missing, and the detail pane stating the hint first.

let app: AppUnderTest
beforeAll(async () => (app = await fixtureSchoolApp()), 300_000)
afterAll(() => app.close())

const row = (page: Page, index: number) => page.locator(`.queue-body tr[data-index="${index}"]`)
const poll = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000, interval: 50 })
const termText = (term: string) => `${term.slice(0, 3)} 學年度第 ${term.slice(3)} 學期`

async function openQueue() {
  await app.open('queue')
  await visible(row(app.page, 0).and(app.page.locator('[data-item-id]')))
}

describe('reply templates and hints from the records, in the window', () => {
  it('edits the section\'s templates in 設定, refusing a placeholder that does not exist', async () => {
    const { page } = app
    await app.open('settings')
    const panel = page.getByRole('form', { name: '答覆範本' })
    await valueOf(panel.getByLabel('範本 1 名稱')).toBe('已更正並重新提交')
    await countOf(panel.locator('.template-list > li')).toBe(3)
    await panel.scrollIntoViewIfNeeded()
    await app.screenshot('settings-reply-templates')

    const body = panel.getByLabel('範本 2 內容')
    await body.fill('{姓明}同學您好：資料正確。')
    await panel.getByRole('button', { name: '儲存教務處註冊組的範本' }).click()
    await textOf(panel.getByRole('alert')).toContain('{姓明} 不是可用的欄位')
    expect((await app.call('replies.templates', {})).registration[1].body).not.toContain('姓明')

    await body.fill('{姓名}同學您好：您回報的{學期}{項目}經{處室}查核，資料正確，不需修正。')
    await panel.getByRole('button', { name: '儲存教務處註冊組的範本' }).click()
    await poll(async () => (await app.call('replies.templates', {})).registration[1].body).toContain('資料正確，不需修正。')
    // The other sections keep the shipped ones.
    expect((await app.call('replies.templates', {})).activities[1].title).toBe('資料正確')
  })

  it('replies to 20 items with one template picked by number key, each filled with its own student, term and item', async () => {
    const { page } = app
    await openQueue()
    await row(page, 0).click()
    await row(page, 19).click({ modifiers: ['Shift'] })
    await textOf(page.getByTestId('action-target')).toBe('已選取 20 筆')
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => row(page, i).getAttribute('data-item-id').then(Number)))

    await page.keyboard.press('e')
    const dialog = page.getByRole('dialog', { name: '答覆（20 筆）' })
    await visible(dialog.getByRole('group', { name: '教務處註冊組的答覆範本' }))
    await page.keyboard.press('2')
    await valueOf(dialog.getByLabel('給學生的答覆')).toContain('{姓名}同學您好')
    // The first students' replies, filled by core as they will be saved.
    await countOf(dialog.locator('.reply-preview-item')).toBe(3)
    await textOf(dialog.getByLabel('答覆預覽')).toContain('共 20 筆')
    await textOf(dialog.locator('.reply-preview-item').first()).toContain('同學您好：您回報的')
    await app.screenshot('queue-reply-template')
    await page.keyboard.press('Control+Enter')
    await countOf(page.getByRole('dialog')).toBe(0)

    const replies = () => sqliteOf(app.core).prepare(`SELECT ri.reply, ri.term, ri.kind, ri.error_type, s.name FROM report_items ri
      JOIN students s ON s.id = ri.student_id WHERE ri.id IN (${ids.join(',')})`).all() as
      { reply: string | null; term: string; kind: Kind; error_type: ErrorType; name: string }[]
    await poll(() => replies().filter((r) => r.reply !== null).length).toBe(20)
    for (const r of replies()) {
      expect(r.reply).toBe(`${r.name}同學您好：您回報的${termText(r.term)}${KIND_LABELS[r.kind]}（${ERROR_TYPE_LABELS[r.error_type]}）` +
        '經教務處註冊組查核，資料正確，不需修正。')
    }
    expect(new Set(replies().map((r) => r.name)).size).toBeGreaterThan(10)
  })

  it('filters the queue by 提示 to the items whose records already hold what the student says is missing, the hint first in the detail pane', async () => {
    const { page } = app
    await openQueue()
    const inDb = (sqliteOf(app.core).prepare(`SELECT count(*) AS n FROM report_items WHERE section = 'registration'
      AND error_type = 'missing' AND hint_state = 'present'`).get() as { n: number }).n
    expect(inDb).toBeGreaterThan(3)
    await page.locator('label[for="facet-errorType-missing"]').click()
    await page.locator('label[for="facet-hint-present"]').click()
    await textOf(page.getByTestId('count-hint-present')).toBe(String(inDb))
    await countOf(page.locator('.queue-body tr[data-item-id]')).toBe(inDb)
    await app.screenshot('queue-hint-facet')

    await row(page, 0).click()
    await page.keyboard.press('Enter')
    const pane = page.getByTestId('detail-pane')
    const hint = pane.getByRole('note', { name: '提示' })
    await textOf(hint).toMatch(/^提示\s*資料中已有/)
    // What it says is in the records table beside it.
    const said = (await hint.innerText()).replace(/^提示\s*資料中已有/, '').replace(/（.*$/, '')
    await visible(pane.locator('.records-table'))
    await textOf(pane.locator('.records-table')).toContain(said.replace(/的成果$/, ''))
    await app.screenshot('queue-detail-hint')
  })
})
