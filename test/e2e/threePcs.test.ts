import { spawn } from 'node:child_process'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { SECTIONS, type Section } from '../../src/shared/domain'
import { readBook, text } from '../core/export/helpers'
import { evolveSchool, generateSchool, writeSchoolFiles } from '../fixtures/school'
import { ROOT } from '../helpers/cli'
import { fixedClock, tempDir } from '../helpers/tempCore'
import { launchApp, type AppUnderTest } from './app'
import { textOf, visible } from './expect'

// The school of issue 11's "done when": three PCs, one per section, three cores on one PostgreSQL
// database, the school's files imported by the CLI as a process of its own. Each clerk decides
// some of their section's items; every window's 總覽 shows the other sections' progress within
// seconds without a reload; the 進度摘要 exported from each window is the same workbook; a
// decision on an item another PC changed first is refused; and a newer problem list the CLI
// imports meanwhile appears in a window's queue without a reload.

const NOW = '2025-10-18 10:00'
const CLERKS: Record<Section, string> = { registration: '王大同', activities: '陳怡君', studentAffairs: '林雅婷' }

const pcs: AppUnderTest[] = []
afterAll(async () => {
  // The joined PCs first: the first one's cleanup drops the database.
  for (const pc of [...pcs].reverse()) await pc.close()
})

/** The CLI, as a process of its own, on the server database. */
function cli(args: string[], db: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/index.ts'), ...args, '--db', db], { cwd: ROOT })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')))
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`cli exit ${code}:\n${err}\n${out}`))))
  })
}

const nav = (page: Page, label: string) => page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: label }).click()
const checkingOf = (pc: AppUnderTest, section: Section) => pc.page.locator(`[data-section="${section}"] li[data-status="checking"] b`)
const row = (page: Page, index: number) => page.locator(`.queue-body tr[data-index="${index}"]`)
const idAt = async (page: Page, index: number) => Number(await row(page, index).getAttribute('data-item-id'))
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 })

/** This PC's clerk decides the first two items of their section's queue (查核中), as they would. */
async function decideTwo(pc: AppUnderTest) {
  await nav(pc.page, '回報處理')
  await visible(row(pc.page, 0).and(pc.page.locator('[data-item-id]')))
  const first = await idAt(pc.page, 0)
  await pc.page.keyboard.press('c')
  await poll(() => row(pc.page, 1).getAttribute('class')).toContain('active')
  await pc.page.keyboard.press('c')
  await poll(async () => (await pc.call('triage.item', { id: first })).item.status).toBe('checking')
  const section = (await pc.call('settings.get', {})).section!
  await poll(async () => (await pc.call('queue.list', { filter: { section: [section], status: ['checking'] }, limit: 10 })).total).toBe(2)
}

/** Every cell of every sheet, as text, by address. */
async function cellsOf(path: string): Promise<Map<string, string>> {
  const cells = new Map<string, string>()
  for (const sheet of (await readBook(path)).worksheets) {
    sheet.eachRow((r) => r.eachCell((cell) => cells.set(`${sheet.name}!${cell.address}`, text(cell.value))))
  }
  return cells
}

describe('three PCs, one per section, on one school server', () => {
  it('see each other’s progress live, export the same 進度摘要, refuse a race, and show the CLI’s newer import', async () => {
    const clock = fixedClock(NOW)
    const school = generateSchool({ students: 300, seed: 11 })
    const files = await writeSchoolFiles(school, join(tempDir('school-'), 'files'))
    const tomorrow = await writeSchoolFiles(evolveSchool(school).school, join(tempDir('school-next-'), 'files'))

    // A fresh server database; IT loads the school's files with the CLI, another process.
    const first = await launchApp({ backend: 'postgres', clock })
    pcs.push(first)
    const loaded = await cli(['import', files.roster, files.confirmationsWide, files.confirmationsWideCsv, files.problemList], first.dbArg)
    expect(loaded.split('\n').filter((l) => l.startsWith('「'))).toHaveLength(4)
    pcs.push(await launchApp({ join: first, clock }), await launchApp({ join: first, clock }))
    const bySection = new Map<Section, AppUnderTest>()
    for (const [i, section] of SECTIONS.entries()) {
      bySection.set(section, pcs[i])
      await pcs[i].call('settings.update', { operatorName: CLERKS[section], section })
      await pcs[i].open('dashboard')
      for (const s of SECTIONS) await textOf(checkingOf(pcs[i], s)).toBe('0')
    }

    // Each clerk decides two items of their section; the other two windows, on 總覽, follow within seconds.
    for (const section of SECTIONS) {
      const pc = bySection.get(section)!
      await decideTwo(pc)
      for (const other of pcs.filter((p) => p !== pc)) await textOf(checkingOf(other, section)).toBe('2')
      await nav(pc.page, '總覽')
    }
    for (const [i, section] of SECTIONS.entries()) {
      for (const s of SECTIONS) await textOf(checkingOf(pcs[i], s)).toBe('2')
      await pcs[i].screenshot(`three-pcs-dashboard-${section}`)
    }

    // The 進度摘要 of the whole school, exported from each window.
    const books: string[] = []
    for (const [i, section] of SECTIONS.entries()) {
      const { page, host } = pcs[i]
      await nav(page, '匯出')
      await page.getByRole('radio', { name: /進度摘要/ }).check()
      await page.getByLabel('處室組別', { exact: true }).selectOption({ label: '全部組別' })
      const target = join(tempDir(), `進度摘要_${section}.xlsx`)
      host.savePaths.push(target)
      await page.getByRole('button', { name: '匯出…' }).click()
      await textOf(page.getByTestId('export-path')).toBe(target)
      books.push(target)
    }
    const [one, ...others] = await Promise.all(books.map(cellsOf))
    expect(one.size).toBeGreaterThan(50)
    for (const [i, other] of others.entries()) {
      expect([...other.keys()].sort()).toEqual([...one.keys()].sort())
      // The only cells that differ say who made the copy (製表：operator, time): the same time here, another clerk.
      const differing = [...one.keys()].filter((address) => one.get(address) !== other.get(address))
      expect(differing.length).toBeGreaterThan(0)
      for (const address of differing) {
        expect(one.get(address)).toContain(`製表：${CLERKS.registration}　114/10/18 10:00`)
        expect(other.get(address)).toBe(one.get(address)!.replace(`製表：${CLERKS.registration}`, `製表：${CLERKS[SECTIONS[i + 1]]}`))
      }
    }

    // 林雅婷 helps 註冊組 for a while: both she and 王大同 have its queue open, on the same first item.
    const [registration, , helper] = pcs
    await nav(registration.page, '回報處理')
    await nav(helper.page, '回報處理')
    await helper.page.locator('#facet-section-studentAffairs').uncheck()
    await helper.page.locator('#facet-section-registration').check()
    for (const pc of [registration, helper]) await visible(row(pc.page, 0).and(pc.page.locator('[data-item-id]')))
    const contested = await idAt(registration.page, 0)
    await poll(() => idAt(helper.page, 0)).toBe(contested)
    // Her window has not heard of his decision yet when she makes hers.
    const resume = await helper.holdCalls()
    await row(registration.page, 0).click()
    await registration.page.keyboard.press('f')
    await poll(async () => (await registration.call('triage.item', { id: contested })).item.status).toBe('corrected')
    await row(helper.page, 0).click()
    await helper.page.keyboard.press('f')
    await textOf(helper.page.getByRole('alert')).toContain(`已被 ${CLERKS.registration} 於 114/10/18 10:00 修改過`)
    await textOf(helper.page.getByRole('alert')).toContain('這次沒有變更任何資料')
    await resume()
    const { history } = await registration.call('triage.item', { id: contested })
    // Newest first: his two decisions, none of hers.
    expect(history.filter((h) => h.field === 'status').map((h) => [h.operator, h.newValue])).toEqual([
      [CLERKS.registration, 'corrected'], [CLERKS.registration, 'checking'],
    ])

    // While 王大同's queue is on screen, the CLI imports the next day's problem list: its new items
    // of 註冊組 appear in his list without a reload.
    const all = registration.page.locator('.view-tab').filter({ hasText: '全部' }).locator('.view-count')
    const before = Number((await all.innerText()).replace(/,/g, ''))
    const newer = await cli(['import', tomorrow.problemList], first.dbArg)
    expect(newer).toContain('錯誤回報清單')
    const added = await registration.core.ctx.db.selectFrom('report_items').select('id')
      .where('section', '=', 'registration').where('first_batch_id', '=', (eb) => eb.selectFrom('import_batches').select((b) => b.fn.max('id').as('id')))
      .execute()
    expect(added.length).toBeGreaterThan(0)
    await textOf(all).toBe((before + added.length).toLocaleString())
    // One of them, found as the clerk would find a student.
    const { item } = await registration.call('triage.item', { id: added[0].id })
    await registration.page.getByLabel('搜尋姓名、學號或原因').fill(item.studentNo)
    await visible(registration.page.locator(`.queue-body tr[data-item-id="${added[0].id}"]`))
    await registration.screenshot('three-pcs-queue-after-cli-import')
  }, 300_000)
})
