import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readBook } from '../core/export/helpers'
import { seedExportSchool, seedManyItems } from '../helpers/seedExport'
import { fixedClock } from '../helpers/tempCore'
import { launchApp, type AppUnderTest } from './app'
import { textOf, visible } from './expect'
import { sqliteOf } from '../helpers/sqliteOf'

let app: AppUnderTest
afterEach(() => app.close())

async function seeded() {
  app = await launchApp({ clock: fixedClock('2025-10-17 09:00') })
  await app.call('settings.update', { operatorName: '陳怡君', section: 'registration', schoolName: '臺北市立示範高級中學' })
  return seedExportSchool(app.core.ctx.db)
}

describe('匯出', () => {
  it('exports the unconfirmed list through the save dialog and shows where it went', async () => {
    const school = await seeded()
    await app.open('export')
    const page = app.page
    await visible(page.getByRole('radio', { name: /回報工作清單/ }))
    // The operator's own section is chosen; the worklist is the default workbook.
    await expect.poll(() => page.getByLabel('處室組別', { exact: true }).inputValue()).toBe('registration')
    await page.getByLabel('處室組別', { exact: true }).selectOption({ label: '全部組別' })
    await app.screenshot('export-form')
    // The school's name is set: no reminder to set it.
    expect(await page.getByText('學校名稱，但還沒有設定').count()).toBe(0)

    await page.getByRole('radio', { name: /未確認學生名單/ }).check()
    await visible(page.getByText('「未確認學生名單」不含身分證號。'))
    const target = join(app.dir, '未確認學生名單.xlsx')
    app.host.savePaths.push(target)
    await page.getByRole('button', { name: '匯出…' }).click()
    await textOf(page.getByTestId('export-path')).toBe(target)
    await textOf(page.getByRole('status').filter({ hasText: '已儲存' })).toContain('工作表：總覽、101')
    await app.screenshot('export-done')

    expect(existsSync(target)).toBe(true)
    const book = await readBook(target)
    const withSomeone = [...new Set(
      school.confirmations.filter((c) => c.state === 'unconfirmed').map((c) => school.students.find((s) => s.studentNo === c.studentNo)!.className),
    )].sort()
    expect(book.worksheets.map((s) => s.name)).toEqual(['總覽', ...withSomeone])
  })

  it('warns when full national IDs are asked for, and writes them only then', async () => {
    await seeded()
    await app.open('export')
    const page = app.page
    const tick = page.getByRole('checkbox', { name: '包含完整身分證號' })
    await visible(tick)
    expect(await tick.isChecked()).toBe(false)
    await visible(page.getByText('未勾選時，身分證號會遮蔽為 A12****789。'))
    await tick.check()
    await textOf(page.getByRole('status').filter({ hasText: '完整身分證號' })).toContain('屬個人資料')
    await page.getByLabel('處理狀態', { exact: true }).selectOption({ label: '已重新提交' })
    await app.screenshot('export-full-id')

    const target = join(app.dir, 'ids.xlsx')
    app.host.savePaths.push(target)
    await page.getByRole('button', { name: '匯出…' }).click()
    await textOf(page.getByTestId('export-path')).toBe(target)
    const text = JSON.stringify((await readBook(target)).getWorksheet('回報工作清單')!.getSheetValues())
    expect(text).toContain('完整顯示')
    expect(text).toMatch(/"[A-Z][12]\d{8}"/)
  })

  it('says so when the chosen file is open in Excel, and when the dialog is cancelled', async () => {
    await seeded()
    await app.open('export')
    const page = app.page
    const target = join(app.dir, 'open.xlsx')
    writeFileSync(target, 'old')
    writeFileSync(join(app.dir, '~$open.xlsx'), 'owner')
    app.host.savePaths.push(target)
    await page.getByRole('button', { name: '匯出…' }).click()
    await textOf(page.getByRole('alert')).toContain('「open.xlsx」正由 Excel 或其他程式開啟中')

    app.host.savePaths.push(null)
    await page.getByRole('button', { name: '匯出…' }).click()
    await visible(page.getByText('已取消，沒有儲存檔案。'))
  })

  it('shows a progress bar while a big worklist is written', async () => {
    app = await launchApp({ clock: fixedClock('2025-10-17 09:00') })
    const items = seedManyItems(sqliteOf(app.core), 2500, 40_000)
    await app.open('export')
    // No school name set yet: the page says the printed headers will lack it, and where to set it.
    await textOf(app.page.getByRole('status').filter({ hasText: '學校名稱' })).toContain('請先到「設定」填寫學校名稱')
    await app.screenshot('export-no-school')
    const target = join(app.dir, 'big.xlsx')
    app.host.savePaths.push(target)
    await app.page.getByRole('button', { name: '匯出…' }).click()
    const bar = app.page.getByRole('progressbar')
    await visible(bar)
    expect(await bar.getAttribute('aria-label')).toContain('寫入「回報工作清單（全部組別）」')
    await app.screenshot('export-progress')
    await textOf(app.page.getByTestId('export-path')).toBe(target)
    await textOf(app.page.getByRole('status').filter({ hasText: '已儲存' })).toContain(`${items.toLocaleString()} 列資料`)
    expect(await bar.count()).toBe(0)
  })

  it('tells what to import first when there is nothing to export', async () => {
    app = await launchApp()
    await app.open('export')
    await textOf(app.page.getByRole('status').filter({ hasText: '還沒有可匯出的資料' })).toContain('匯入')
    await app.screenshot('export-empty')
  })
})
