import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../src/core'
import type { SecretStore } from '../../../src/core/host'
import type { ServerConfig } from '../../../src/shared/contract/database'
import { PASSWORD_ROLE } from '../../helpers/pgCluster'
import { adminQuery, freshDatabase } from '../../helpers/pgDatabase'
import { seedSchool } from '../../helpers/seedQueue'
import { fixedClock, ScriptedHost, tempDir } from '../../helpers/tempCore'

// 設定 → 資料庫 on a real server (this project's throwaway cluster): 測試連線 says in zh-TW what is
// wrong, the file's data moves to an empty server database whole, the app switches and keeps the
// choice, and a server it cannot reach leaves it running with the reason.

const clock = fixedClock('2025-10-18 10:00')
const cores: Core[] = []
const drops: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close()
  for (const drop of drops.splice(0)) await drop()
})

/** A host whose secrets are kept in memory, as main keeps them with safeStorage. */
class SecretsHost extends ScriptedHost {
  readonly kept = new Map<string, string>()
  override secrets: SecretStore = {
    available: () => true,
    get: async (key) => this.kept.get(key) ?? null,
    set: async (key, value) => void (value === null ? this.kept.delete(key) : this.kept.set(key, value)),
  }
}

async function fileCore(host = new ScriptedHost(), dir = tempDir()) {
  const core = await createCore({ dbFile: join(dir, 'receipt-desk.sqlite'), host, clock, version: 'test', rememberDatabase: true })
  cores.push(core)
  return core
}

async function call<T = unknown>(core: Core, name: string, input: unknown = {}): Promise<T> {
  const result = await core.dispatch(name, input)
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code })
  return result.value as T
}

async function emptyServer(options: { owner?: string } = {}): Promise<ServerConfig> {
  const db = await freshDatabase({ empty: true, owner: options.owner })
  drops.push(db.drop)
  const { password: _p, ...server } = db.server
  return server
}

let clerk: { user: string; password: string }
beforeAll(async () => {
  clerk = { user: `clerk_${process.pid}`, password: '正確的密碼 2025' }
  await adminQuery(`DROP ROLE IF EXISTS ${clerk.user}`)
  await adminQuery(`CREATE ROLE ${clerk.user} LOGIN PASSWORD '${clerk.password}' NOSUPERUSER NOCREATEDB NOCREATEROLE IN ROLE ${PASSWORD_ROLE}`)
})
afterAll(async () => {
  await adminQuery(`DROP ROLE IF EXISTS ${clerk.user}`).catch(() => undefined)
})

describe('測試連線', () => {
  it('says the server is not reachable, the password is wrong, the database is missing', async () => {
    const core = await fileCore()
    const server = await emptyServer({ owner: clerk.user })
    const as = { ...server, user: clerk.user }
    const test = (s: ServerConfig, password?: string) => call<{ ok: boolean; message: string }>(core, 'database.test', { server: s, password })

    expect(await test(as, clerk.password)).toMatchObject({ ok: true, message: expect.stringContaining('空的') })
    expect(await test(as, '錯的')).toEqual(expect.objectContaining({ ok: false, message: expect.stringContaining('密碼不正確') }))
    expect(await test({ ...as, port: 1 }, clerk.password)).toEqual(
      expect.objectContaining({ ok: false, message: expect.stringMatching(/無法連線到伺服器 127\.0\.0\.1:1/) }))
    expect(await test({ ...as, database: 'no_such_db' }, clerk.password)).toEqual(
      expect.objectContaining({ ok: false, message: expect.stringContaining('沒有資料庫「no_such_db」') }))
  })

  it('refuses a database a newer version has migrated, and one the account cannot create tables in', async () => {
    const core = await fileCore()
    const newer = await freshDatabase()
    drops.push(newer.drop)
    await adminQuery(`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_from_the_future', now()::text)`, newer.server.database)
    const { password: _p, ...newerServer } = newer.server
    const result = await call<{ ok: boolean; message: string; schema: string }>(core, 'database.test', { server: newerServer })
    expect(result).toMatchObject({ ok: false, schema: 'newer', message: expect.stringContaining('較新版本') })

    const notOwned = await emptyServer()
    await adminQuery(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`, notOwned.database)
    const refused = await call<{ ok: boolean; message: string }>(core, 'database.test', {
      server: { ...notOwned, user: clerk.user }, password: clerk.password,
    })
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining('不能在這個資料庫建立資料表') })
  })
})

describe('把這台電腦的資料搬到伺服器', () => {
  it('copies every table, history included, and the queue reads the same on the server', async () => {
    const host = new SecretsHost()
    const core = await fileCore(host)
    await call(core, 'settings.update', { operatorName: '陳怡君', section: 'registration' })
    await seedSchool(core.ctx.store, { students: 120, items: 300, decided: 0.3, seed: 8, records: true })
    const first = (await call<{ rows: { id: number; version: number }[] }>(core, 'queue.list', { filter: { section: ['registration'] }, limit: 3 })).rows
    await call(core, 'triage.decide', { target: { items: first.map((r) => ({ id: r.id, version: r.version })) }, to: 'checking' })
    await call(core, 'triage.note', { target: { items: [{ id: first[0].id, version: first[0].version + 1 }] }, body: '已電話聯絡' })
    const localFacets = await call(core, 'queue.facets', { filter: { section: ['registration'] } })
    const localSearch = await call(core, 'queue.list', { filter: { search: '數學' }, limit: 50 })

    const server = await emptyServer({ owner: clerk.user })
    const as = { ...server, user: clerk.user }
    const { jobId } = await call<{ jobId: string }>(core, 'database.copyToServer', { server: as, password: clerk.password })
    const copied = await core.ctx.jobs.wait<{ table: string; label: string; rows: number }[]>(jobId)
    expect(copied.find((c) => c.table === 'report_items')).toMatchObject({ label: '回報項目', rows: 300 })
    expect(copied.find((c) => c.table === 'item_history')!.rows).toBeGreaterThan(0)
    expect(copied.find((c) => c.table === 'course_records')!.rows).toBe(120 * 2 * 15)

    const status = await call<{ kind: string; connected: boolean }>(core, 'database.useServer', { server: as, password: clerk.password, rememberPassword: true })
    expect(status).toMatchObject({ kind: 'server', connected: true })
    expect(core.ctx.store.backend).toBe('postgres')
    expect(await call(core, 'queue.facets', { filter: { section: ['registration'] } })).toEqual(localFacets)
    expect(await call(core, 'queue.list', { filter: { search: '數學' }, limit: 50 })).toEqual(localSearch)
    // The ids carried over: new rows continue after them.
    const next = await call<{ rows: { id: number; version: number }[] }>(core, 'queue.list', { filter: { section: ['registration'], status: ['new'] }, limit: 1 })
    await call(core, 'triage.decide', { target: { items: [{ id: next.rows[0].id, version: next.rows[0].version }] }, to: 'checking' })
    expect(host.kept.get(`postgres:${clerk.user}@${as.host}:${as.port}/${as.database}`)).toBe(clerk.password)

    // A second copy is refused: the server holds the school's data now.
    const again = await call<{ jobId: string }>(core, 'database.copyToServer', { server: as, password: clerk.password })
    await expect(core.ctx.jobs.wait(again.jobId)).rejects.toMatchObject({ code: 'server-not-empty' })
  })
})

describe('several PCs on one server', () => {
  it('keep each its own operator and section: changes, undo and the queue’s section are the PC’s own', async () => {
    const server = await freshDatabase()
    drops.push(server.drop)
    const pcA = await createCore({ dbFile: join(tempDir(), 'a.sqlite'), server: server.server, host: new ScriptedHost(), clock, pc: 'office-1' })
    const pcB = await createCore({ dbFile: join(tempDir(), 'b.sqlite'), server: server.server, host: new ScriptedHost(), clock, pc: 'office-2' })
    cores.push(pcA, pcB)
    await call(pcA, 'settings.update', { operatorName: '陳怡君', section: 'registration', schoolName: '範例高中' })
    await call(pcB, 'settings.update', { operatorName: '林雅婷', section: 'activities' })
    // The school's name is the school's; the person and the section are each PC's.
    expect(await call(pcA, 'settings.get')).toMatchObject({ operatorName: '陳怡君', section: 'registration', schoolName: '範例高中' })
    expect(await call(pcB, 'settings.get')).toMatchObject({ operatorName: '林雅婷', section: 'activities', schoolName: '範例高中' })

    await seedSchool(pcA.ctx.store, { students: 40, items: 60, seed: 3 })
    const list = await call<{ rows: { id: number; version: number }[] }>(pcA, 'queue.list', { filter: {}, limit: 2 })
    const [x, y] = list.rows
    await call(pcA, 'triage.decide', { target: { items: [{ id: x.id, version: x.version }] }, to: 'checking' })
    await call(pcB, 'triage.decide', { target: { items: [{ id: y.id, version: y.version }] }, to: 'checking' })
    const history = await pcA.ctx.db.selectFrom('item_history').select(['item_id', 'operator']).where('field', '=', 'status').orderBy('id').execute()
    expect(history).toEqual([{ item_id: x.id, operator: '陳怡君' }, { item_id: y.id, operator: '林雅婷' }])
    // Each undoes their own step only.
    expect(await call(pcB, 'triage.lastStep')).toMatchObject({ operator: '林雅婷' })
    await call(pcB, 'triage.undo')
    expect(await call(pcB, 'triage.lastStep')).toBeNull()
    expect(await call(pcA, 'triage.lastStep')).toMatchObject({ operator: '陳怡君' })
  })

  it('a PC moving to the server takes its operator along', async () => {
    const core = await fileCore()
    await call(core, 'settings.update', { operatorName: '張志明', section: 'studentAffairs', dateStyle: 'gregorian' })
    const server = await emptyServer({ owner: clerk.user })
    await call(core, 'database.useServer', { server: { ...server, user: clerk.user }, password: clerk.password, rememberPassword: false })
    expect(await call(core, 'settings.get')).toMatchObject({ operatorName: '張志明', section: 'studentAffairs', dateStyle: 'gregorian' })
  })
})

describe('the chosen server, across restarts', () => {
  it('opens it again with the kept password, and keeps running with the reason when it cannot be reached', async () => {
    const host = new SecretsHost()
    const dir = tempDir()
    const core = await fileCore(host, dir)
    await call(core, 'settings.update', { operatorName: '陳怡君' })
    const server = await emptyServer({ owner: clerk.user })
    const as = { ...server, user: clerk.user }
    await call(core, 'database.useServer', { server: as, password: clerk.password, rememberPassword: true })
    await call(core, 'settings.update', { operatorName: '林雅婷', schoolName: '範例高中' })
    await core.close()
    cores.splice(cores.indexOf(core), 1)

    const reopened = await fileCore(host, dir)
    expect(reopened.ctx.store.backend).toBe('postgres')
    expect(await call(reopened, 'settings.get')).toMatchObject({ operatorName: '林雅婷', schoolName: '範例高中' })

    // The server moved away (port 1 answers nobody): the app still starts and says why.
    await call(reopened, 'database.useServer', { server: as, password: clerk.password }).catch(() => undefined)
    const { writeChoice } = await import('../../../src/core/database/choice')
    writeChoice(dir, { kind: 'server', server: { ...as, port: 1 } })
    const stranded = await fileCore(host, dir)
    const changes = await call<{ connected: boolean; problem: string }>(stranded, 'sync.changes')
    expect(changes).toMatchObject({ connected: false, problem: expect.stringContaining('無法連線到伺服器') })
    await expect(call(stranded, 'queue.facets', { filter: {} })).rejects.toThrow(/無法連線到伺服器/)
    // 設定 still works: back to this PC's file.
    expect(await call(stranded, 'database.useLocal')).toMatchObject({ kind: 'local', connected: true })
    expect(await call(stranded, 'settings.get')).toMatchObject({ operatorName: '陳怡君' })
  })
})

describe('a server whose password this PC does not keep', () => {
  it('still starts, says the password is needed, and leaves no half-done login on the server', async () => {
    const dir = tempDir()
    const db = await freshDatabase({ empty: true, owner: clerk.user })
    const { password: _p, ...server } = db.server
    const as = { ...server, user: clerk.user }
    const core = await fileCore(new SecretsHost(), dir)
    const test = await call<{ ok: boolean; message: string }>(core, 'database.test', { server: as })
    expect(test).toMatchObject({ ok: false, message: expect.stringContaining('輸入密碼') })
    await call(core, 'database.useServer', { server: as, password: clerk.password, rememberPassword: false })
    await core.close()
    cores.splice(cores.indexOf(core), 1)

    const restarted = await fileCore(new SecretsHost(), dir)
    expect(await call(restarted, 'sync.changes')).toMatchObject({ connected: false, problem: expect.stringContaining('輸入密碼') })
    expect(await call(restarted, 'database.useServer', { server: as, password: clerk.password, rememberPassword: false }))
      .toMatchObject({ kind: 'server', connected: true })
    await restarted.close()
    cores.splice(cores.indexOf(restarted), 1)

    // A login given up half-way holds a server process until the server's authentication_timeout
    // (60 s): with core retrying every few seconds they would pile up. None is left: the database
    // is dropped at once (DROP DATABASE waits for them).
    const dropping = Date.now()
    await db.drop()
    expect(Date.now() - dropping).toBeLessThan(30_000)
  })
})
