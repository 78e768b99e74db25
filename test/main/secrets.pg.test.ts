import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { PASSWORD_ROLE } from '../helpers/pgCluster'
import { adminQuery, freshDatabase } from '../helpers/pgDatabase'
import { forgetDevElectron, startMain, type MainUnderTest } from './runMain'

// The built main on a fake Electron whose safeStorage really encrypts (test/main/fakeElectron.ts),
// against this project's PostgreSQL server: the password 設定 → 資料庫 is given reaches the disk only
// encrypted, and the next start opens the server with it.

const clerk = { user: `main_clerk_${process.pid}`, password: 'S3cret-密碼-2025' }
let running: MainUnderTest[] = []
const drops: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const main of running) main.quit()
  running = []
  forgetDevElectron()
  for (const drop of drops.splice(0)) await drop()
})
beforeAll(async () => {
  await adminQuery(`DROP ROLE IF EXISTS ${clerk.user}`)
  await adminQuery(`CREATE ROLE ${clerk.user} LOGIN PASSWORD '${clerk.password}' NOSUPERUSER NOCREATEDB NOCREATEROLE IN ROLE ${PASSWORD_ROLE}`)
})
afterAll(() => adminQuery(`DROP ROLE IF EXISTS ${clerk.user}`).catch(() => undefined))

async function start(appData?: string) {
  const main = await startMain({ isPackaged: true, appData })
  running.push(main)
  return main
}

async function clerksServer() {
  const db = await freshDatabase({ empty: true, owner: clerk.user })
  drops.push(db.drop)
  return { host: db.server.host, port: db.server.port, database: db.server.database, user: clerk.user, tls: false }
}

const secretsFile = (main: MainUnderTest) => join(main.appData, 'ReceiptDesk', 'secrets.json')

describe('設定 → 資料庫 through main', () => {
  it('keeps the password only encrypted by the OS, and opens the server with it after a restart', async () => {
    const first = await start()
    const server = await clerksServer()
    const used = await first.invoke('database.useServer', { server, password: clerk.password, rememberPassword: true })
    expect(used).toMatchObject({ ok: true, value: { kind: 'server', connected: true, passwordSaved: true } })
    await first.invoke('settings.update', { operatorName: '林雅婷' })

    const file = secretsFile(first)
    const bytes = readFileSync(file)
    const kept = JSON.parse(bytes.toString('utf8')) as Record<string, string>
    const key = `postgres:${clerk.user}@${server.host}:${server.port}/${server.database}`
    expect(Object.keys(kept)).toEqual([key])
    // Neither the file nor what its base64 stands for holds the password's bytes.
    const plain = Buffer.from(clerk.password, 'utf8')
    expect(bytes.includes(plain)).toBe(false)
    expect(Buffer.from(kept[key]!, 'base64').includes(plain)).toBe(false)
    expect(bytes.includes(Buffer.from(plain.toString('base64')))).toBe(false)
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
    // database.json names the server, never the password.
    expect(readFileSync(join(first.appData, 'ReceiptDesk', 'database.json'), 'utf8')).not.toContain(clerk.password)
    first.quit()

    const again = await start(first.appData)
    expect(await again.invoke('app.info', {})).toMatchObject({ ok: true, value: { backend: 'postgres' } })
    expect(await again.invoke('database.status', {})).toMatchObject({ ok: true, value: { kind: 'server', connected: true, passwordSaved: true } })
    expect(await again.invoke('settings.get', {})).toMatchObject({ ok: true, value: { operatorName: '林雅婷' } })
  })

  it('keeps nothing when the clerk does not ask it to be remembered: the next start asks again', async () => {
    const first = await start()
    const server = await clerksServer()
    const used = await first.invoke('database.useServer', { server, password: clerk.password, rememberPassword: false })
    expect(used).toMatchObject({ ok: true, value: { kind: 'server', connected: true, passwordSaved: false } })
    const file = secretsFile(first)
    if (existsSync(file)) expect(readFileSync(file, 'utf8')).not.toContain(clerk.user)
    first.quit()

    const again = await start(first.appData)
    expect(await again.invoke('database.status', {})).toMatchObject({
      ok: true, value: { kind: 'server', connected: false, problem: expect.stringContaining('輸入密碼') },
    })
    // The clerk types it in 設定 again.
    expect(await again.invoke('database.useServer', { server, password: clerk.password, rememberPassword: false }))
      .toMatchObject({ ok: true, value: { connected: true } })
  })
})
