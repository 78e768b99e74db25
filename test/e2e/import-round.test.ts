import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SchoolFiles } from '../fixtures/school'
import { writeSchool } from '../helpers/schoolImport'
import { fixedClock } from '../helpers/tempCore'
import { launchApp, type AppUnderTest } from './app'
import { textOf } from './expect'

// A school installs the app in November 2026 and loads last October's (114) exports: the
// default round, made from the clock (115), gives way to the data's school year, and the
// page says so before and after the import.

let files: SchoolFiles
beforeAll(async () => ({ files } = await writeSchool()), 120_000)

let app: AppUnderTest
beforeEach(async () => {
  app = await launchApp({ clock: fixedClock('2026-11-28 09:00') })
  await app.call('settings.update', { operatorName: '陳怡君' })
})
afterEach(() => app.close())

const card = (name: string) => app.page.getByRole('article', { name: `待匯入：${name}` })

describe('importing into a fresh DB', () => {
  it('tells the user the round will follow the data, switches it, and says so', async () => {
    await app.open('import')
    app.host.importFiles.push([files.roster, files.confirmationsWide])
    await app.page.getByRole('button', { name: '選擇檔案…' }).click()
    await card('學生名冊.xlsx').getByRole('button', { name: '匯入', exact: true }).click()
    await textOf(card('學生名冊.xlsx')).toContain('匯入完成')

    const confirmations = card('收訖確認結果_修課紀錄_幹部經歷.xlsx')
    await textOf(confirmations).toContain('屬於 114 學年度；目前梯次「115 學年度收訖明細確認」還沒有匯入資料')
    await confirmations.scrollIntoViewIfNeeded()
    await app.screenshot('import-round-planned')
    await confirmations.getByRole('button', { name: '匯入', exact: true }).click()
    await textOf(confirmations).toContain('目前梯次已改為「114 學年度收訖明細確認」')
    expect((await app.call('rounds.current', {}))).toMatchObject({ round: { schoolYear: 114 } })

    await app.page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '總覽', exact: true }).click()
    await textOf(app.page.getByRole('main')).toContain('114 學年度收訖明細確認')
  })
})
