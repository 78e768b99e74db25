import { basename } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { generateSchool } from '../fixtures/school'
import { importPath, writeSchool } from '../helpers/schoolImport'
import { fixedClock } from '../helpers/tempCore'
import { launchApp, type AppUnderTest } from './app'
import { countOf, textOf, visible } from './expect'

// 匯入 on a school's server: the last import can be undone from 匯入紀錄 by the clerk who made it,
// after a confirmation that says what goes and what comes back; another PC's clerk is not offered
// it, and once someone has worked on what it brought in the confirmation says who and what.

let a: AppUnderTest | undefined
let b: AppUnderTest | undefined
afterEach(async () => {
  await b?.close() // the joined PC first: the first one's cleanup drops the database
  await a?.close()
  a = b = undefined
})

const batchRows = (app: AppUnderTest) => app.page.getByRole('region', { name: '匯入紀錄' }).locator('tbody tr')
const undoButton = (app: AppUnderTest) => app.page.getByRole('button', { name: '復原這次匯入' })

describe('undoing the last import on a server', () => {
  it('is offered to the clerk who imported, says what it takes back, and is refused once another clerk decided an item', async () => {
    const clock = fixedClock('2025-10-18 10:00')
    a = await launchApp({ backend: 'postgres', clock })
    await a.call('settings.update', { operatorName: '王大同', section: 'registration' })
    b = await launchApp({ join: a, clock })
    await b.call('settings.update', { operatorName: '林雅婷', section: 'registration' })
    const { files } = await writeSchool(generateSchool({ students: 120, seed: 3 }))
    await importPath(a, files.roster)
    const wide = await importPath(a, files.confirmationsWide)
    const wideName = basename(files.confirmationsWide)

    for (const w of [a, b]) await w.open('import')
    await countOf(batchRows(a)).toBe(2)
    // Only on the last import, and only for its clerk.
    await countOf(undoButton(a)).toBe(1)
    await textOf(batchRows(a).first()).toContain(wideName)
    await visible(batchRows(b).first())
    await countOf(undoButton(b)).toBe(0)
    await textOf(a.page.getByText('最近一次匯入，可由匯入的人')).toContain('復原')

    await undoButton(a).click()
    const confirm = a.page.getByRole('alertdialog', { name: '確認復原匯入' })
    await textOf(confirm).toContain(`確定要復原 114/10/18 10:00 匯入的「${wideName}」嗎？`)
    await textOf(confirm).toContain(`移除這次匯入新增的 ${wide.added} 筆收訖確認結果、${wide.reportItems!.added} 筆回報項目`)
    await a.screenshot('import-undo-confirm')
    await confirm.getByRole('button', { name: '確定復原' }).click()
    await textOf(a.page.getByRole('status').filter({ hasText: '已復原' })).toContain(`已復原「${wideName}」的匯入：移除這次匯入新增的`)
    await countOf(batchRows(a)).toBe(1)
    await countOf(undoButton(a)).toBe(0) // only the last import is kept: the roster's cannot be undone now
    // The other PC's list follows without a reload.
    await countOf(batchRows(b)).toBe(1)
    expect((await a.call('import.stats', {})).reportItems.total).toBe(0)

    // Imported again; another clerk decides one of its items: the undo is refused, saying who and what.
    await importPath(a, files.confirmationsWide)
    await countOf(undoButton(a)).toBe(1)
    const [row] = (await b.call('queue.list', { filter: {}, limit: 1 })).rows
    await b.call('triage.decide', { target: { items: [{ id: row.id, version: row.version }] }, to: 'checking' })
    await undoButton(a).click()
    await textOf(confirm).toContain(`${row.studentName}（${row.className} ${row.seat}號`)
    await textOf(confirm).toContain('由 林雅婷 於 114/10/18 10:00')
    expect(await confirm.getByRole('button', { name: '確定復原' }).isDisabled()).toBe(true)
    await a.screenshot('import-undo-refused')
    await confirm.getByRole('button', { name: '取消' }).click()
    await countOf(confirm).toBe(0)
    expect((await a.call('import.stats', {})).reportItems.total).toBe(wide.reportItems!.added)
  })
})
