import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { writeChoice } from '../../src/core/database/choice'
import { pgCluster } from '../helpers/pgDatabase'
import { seedSchool } from '../helpers/seedQueue'
import { fixedClock, tempDir } from '../helpers/tempCore'
import { launchApp, type AppUnderTest } from './app'
import { countOf, textOf, visible } from './expect'

// The school's server cannot be used: a banner above every page says why and what it means, 設定
// still works, and the banner goes by itself once the server answers again (or the clerk goes
// back to 本機). A decision made while the server is away is refused whole.

let app: AppUnderTest | undefined
let proxy: Awaited<ReturnType<typeof tcpProxy>> | undefined
afterEach(async () => {
  await proxy?.up() // the app's cleanup drops its database through the server
  await app?.close()
  app = proxy = undefined
})

const banner = (a: AppUnderTest) => a.page.getByTestId('server-banner')
const nav = (a: AppUnderTest, label: string) => a.page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: label, exact: true })

/** A TCP relay to the test server that can be cut and restored (the school's network going away). */
async function tcpProxy(targetPort: number) {
  const sockets = new Set<Socket>()
  let server: Server | null = null
  let port = 0
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
  }
  const up = () => new Promise<void>((resolve) => {
    if (server) return resolve()
    server = createServer((client) => {
      const upstream = connect(targetPort, '127.0.0.1')
      track(client)
      track(upstream)
      client.pipe(upstream).pipe(client)
    })
    server.listen(port, '127.0.0.1', () => {
      port = (server!.address() as AddressInfo).port
      resolve()
    })
  })
  await up()
  return {
    port,
    up,
    async down() {
      const closing = server
      server = null
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => (closing ? closing.close(() => resolve()) : resolve()))
    },
  }
}

describe('the school\'s server out of reach', () => {
  it('shows a banner on every page from the start; 設定 still works and going back to 本機 clears it', async () => {
    const dir = tempDir()
    // database.json names a server nobody answers on (port 1), as after IT moved it.
    writeChoice(dir, { kind: 'server', server: { host: '127.0.0.1', port: 1, database: 'receipt_desk', user: 'clerk', tls: false } })
    app = await launchApp({ dir, rememberDatabase: true })
    await app.open('dashboard')
    await textOf(banner(app)).toContain('無法連線到學校伺服器：無法連線到伺服器 127.0.0.1:1')
    await textOf(banner(app)).toContain('畫面上的資料可能不是最新的，連線恢復後會自動更新；在此之前的變更不會寫入。')
    await textOf(app.page.getByTestId('data-place')).toBe('學校伺服器（未連線）')
    for (const page of ['回報處理', '學生查詢', '匯入', '匯出']) {
      await nav(app, page).click()
      await expect.poll(() => nav(app!, page).getAttribute('aria-current')).toBe('page')
      await visible(banner(app))
    }
    await app.screenshot('server-banner')

    await banner(app).getByRole('link', { name: '到「設定」檢查資料庫' }).click()
    const panel = app.page.getByRole('region', { name: '資料庫', exact: true })
    await textOf(panel).toContain('無法連線：無法連線到伺服器 127.0.0.1:1')
    await panel.getByLabel('本機（這台電腦）').check()
    await panel.getByRole('button', { name: '改回本機' }).click()
    await countOf(banner(app)).toBe(0)
    await textOf(app.page.getByTestId('data-place')).toBe('本機')
    expect(await app.call('database.status', {})).toMatchObject({ kind: 'local', connected: true })
  })

  it('mid-session: refuses a decision whole, says why on every page, and clears by itself when the server is back', async () => {
    proxy = await tcpProxy(pgCluster()!.port)
    app = await launchApp({ backend: 'postgres', serverAt: { port: proxy.port }, clock: fixedClock('2025-10-18 10:00') })
    await app.call('settings.update', { operatorName: '陳怡君', section: 'registration' })
    await seedSchool(app.core.ctx.store, { students: 40, items: 80, decided: 0, seed: 5, importedAt: '2025-10-16 18:00:00' })
    await app.open('queue')
    const first = app.page.locator('.queue-body tr[data-index="0"][data-item-id]')
    await visible(first)
    const id = Number(await first.getAttribute('data-item-id'))
    await countOf(banner(app)).toBe(0)

    await proxy.down()
    await app.page.keyboard.press('c')
    // Every message says why in zh-TW, none is a driver's error passed through.
    const why = `無法連線到伺服器 127.0.0.1:${proxy.port}`
    const messages = app.page.locator('.queue-message [role="alert"]')
    await countOf(messages).toBe(2) // the decision's, and the list's refresh
    expect(await messages.allInnerTexts()).toEqual([expect.stringContaining(why), expect.stringContaining(why)])
    await textOf(banner(app)).toContain('無法連線到學校伺服器')
    await app.screenshot('server-lost-queue')
    await nav(app, '總覽').click()
    await visible(banner(app))
    await textOf(app.page.locator('.content')).toContain(why)
    expect(await app.page.locator('.content').innerText()).not.toContain('未預期')

    await proxy.up()
    await countOf(banner(app)).toBe(0)
    const { item, history } = await app.call('triage.item', { id })
    expect(item).toMatchObject({ status: 'new', version: 1 })
    expect(history).toEqual([])
  })
})
