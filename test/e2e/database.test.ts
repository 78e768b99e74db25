import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { PASSWORD_ROLE } from '../helpers/pgCluster'
import { adminQuery, freshDatabase } from '../helpers/pgDatabase'
import { seedSchool } from '../helpers/seedQueue'
import { fixedClock } from '../helpers/tempCore'
import { launchApp, type AppUnderTest } from './app'
import { textOf, valueOf, visible } from './expect'

// 設定 → 資料庫 in Chromium against this run's PostgreSQL server: 測試連線 says what is wrong in
// zh-TW, this PC's data moves to an empty server database owned by the school's account, and the
// app switches to it — the queue then shows the same items, read from the server.

const clerk = { user: `e2e_clerk_${process.pid}`, password: '正確的密碼-2025' }
let app: AppUnderTest
let dropServer: (() => Promise<void>) | null = null
beforeAll(async () => {
  await adminQuery(`DROP ROLE IF EXISTS ${clerk.user}`)
  await adminQuery(`CREATE ROLE ${clerk.user} LOGIN PASSWORD '${clerk.password}' NOSUPERUSER NOCREATEDB NOCREATEROLE IN ROLE ${PASSWORD_ROLE}`)
})
afterEach(async () => {
  await app.close()
  await dropServer?.()
})
afterAll(() => adminQuery(`DROP ROLE IF EXISTS ${clerk.user}`).catch(() => undefined))

const panel = (page: Page) => page.getByRole('region', { name: '資料庫', exact: true })

async function fillServer(page: Page, server: { host: string; port: number; database: string }, password: string) {
  const p = panel(page)
  await p.getByLabel('主機').fill(server.host)
  await p.getByLabel('連接埠').fill(String(server.port))
  await p.getByLabel('資料庫', { exact: true }).fill(server.database)
  await p.getByLabel('帳號').fill(clerk.user)
  await p.getByLabel('密碼', { exact: true }).fill(password)
}

describe('設定 → 資料庫 on the school\'s server', () => {
  it('says what is wrong, moves this PC\'s data to an empty server database, switches, and the queue reads the same', async () => {
    app = await launchApp({ clock: fixedClock('2025-10-18 10:00') })
    await app.call('settings.update', { operatorName: '陳怡君', section: 'registration' })
    await seedSchool(app.core.ctx.store, { students: 80, items: 200, decided: 0.3, seed: 31, importedAt: '2025-10-16 18:00:00' })
    const local = await app.call('queue.list', { filter: { section: ['registration'] }, limit: 12 })
    const db = await freshDatabase({ empty: true, owner: clerk.user })
    dropServer = db.drop
    const { page } = app

    await app.open('settings')
    const p = panel(page)
    await textOf(p.getByTestId('database-location')).toContain(`本機：${app.dbFile}`)
    await textOf(page.getByTestId('data-place')).toBe('本機')
    await p.getByLabel('學校伺服器').check()
    // Checked by core's contract: the messages name the fields.
    await p.getByLabel('連接埠').fill('70000')
    await p.getByRole('button', { name: '測試連線' }).click()
    await textOf(p.getByRole('alert')).toContain('主機：請填寫伺服器位址')
    await textOf(p.getByRole('alert')).toContain('連接埠：連接埠須為 1–65535')
    expect(await p.getByLabel('主機').getAttribute('aria-invalid')).toBe('true')

    await fillServer(page, db.server, '錯的密碼')
    await p.getByRole('button', { name: '測試連線' }).click()
    await textOf(p.getByRole('alert')).toContain(`伺服器拒絕登入：帳號「${clerk.user}」的密碼不正確。`)
    // This bridge's host keeps no secrets: the box says why it cannot be ticked.
    expect(await p.getByLabel('記住密碼').isDisabled()).toBe(true)
    await visible(p.getByText('這台電腦無法安全保存密碼'))
    await app.screenshot('database-before')

    await p.getByLabel('密碼', { exact: true }).fill(clerk.password)
    await p.getByRole('button', { name: '測試連線' }).click()
    await textOf(p.getByRole('status').filter({ hasText: '可以連線' })).toContain('這個資料庫還是空的')

    await p.getByRole('button', { name: '把這台電腦的資料搬到伺服器' }).click()
    const askCopy = p.getByRole('alertdialog', { name: '確認搬移資料' })
    await textOf(askCopy).toContain(`伺服器上的資料庫「${db.server.database}」`)
    await askCopy.getByRole('button', { name: '確定搬移' }).click()
    const copied = p.getByRole('table', { name: '搬到伺服器的資料' })
    await textOf(copied).toContain('回報項目\t200')
    await textOf(copied).toContain('學生\t80')
    await app.screenshot('database-copied')
    expect(await app.call('database.status', {})).toMatchObject({ kind: 'local' }) // copied, not switched

    await p.getByRole('button', { name: '改用學校伺服器' }).click()
    const askUse = p.getByRole('alertdialog', { name: '確認改用學校伺服器' })
    await textOf(askUse).toContain('這台電腦自己的資料仍留在這台電腦上')
    await askUse.getByRole('button', { name: '確定改用' }).click()
    const where = `${clerk.user}@${db.server.host}:${db.server.port}/${db.server.database}`
    await textOf(p.getByTestId('database-location')).toBe(`學校伺服器：${where}`)
    await textOf(page.getByTestId('data-place')).toBe('學校伺服器')
    // Restore is for this PC's file only: the server is backed up by the school's IT.
    await textOf(page.getByRole('region', { name: '資料庫備份' })).toContain('資訊組定期備份')
    expect(await page.getByRole('button', { name: '還原…' }).count()).toBe(0)
    await app.screenshot('database-after')
    expect(app.core.ctx.store.backend).toBe('postgres')

    // The queue, now read from the server: the same items, in the same order.
    await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '回報處理' }).click()
    const rows = page.locator('.queue-body tr[data-item-id]')
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(local.rows.length)
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-item-id'))))
    expect(shown.slice(0, local.rows.length)).toEqual(local.rows.map((r) => r.id))
    expect(Number(await page.getByRole('grid', { name: '回報清單' }).getAttribute('aria-rowcount'))).toBe(local.total)

    // And back: the app leaves the server's data where it is.
    await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '設定' }).click()
    await panel(page).getByLabel('本機（這台電腦）').check()
    await panel(page).getByRole('button', { name: '改回本機' }).click()
    await textOf(panel(page).getByTestId('database-location')).toContain('本機：')
    await textOf(page.getByTestId('data-place')).toBe('本機')
    await valueOf(page.getByLabel('姓名')).toBe('陳怡君')
  })

  it('on a PC that can keep the password: keeps it when asked, and the field says so', async () => {
    app = await launchApp({ rememberDatabase: true, keepsSecrets: true })
    const db = await freshDatabase({ empty: true, owner: clerk.user })
    dropServer = db.drop
    await app.open('settings')
    const p = panel(app.page)
    await p.getByLabel('學校伺服器').check()
    await fillServer(app.page, db.server, clerk.password)
    expect(await p.getByLabel('記住密碼').isChecked()).toBe(true)
    await p.getByRole('button', { name: '改用學校伺服器' }).click()
    await p.getByRole('alertdialog', { name: '確認改用學校伺服器' }).getByRole('button', { name: '確定改用' }).click()
    await textOf(p.getByTestId('database-location')).toContain('學校伺服器：')

    // Another day: the form names the server, the password is kept and left empty.
    await app.page.reload()
    const again = panel(app.page)
    await valueOf(again.getByLabel('資料庫', { exact: true })).toBe(db.server.database)
    expect(await again.getByLabel('密碼', { exact: true }).inputValue()).toBe('')
    expect(await again.getByLabel('密碼', { exact: true }).getAttribute('placeholder')).toBe('（已保存）')
    await again.getByRole('button', { name: '測試連線' }).click()
    await textOf(again.getByRole('status').filter({ hasText: '可以連線' })).toContain('可以連線')
  })
})
