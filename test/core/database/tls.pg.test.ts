import pg from 'pg'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgresStore } from '../../../src/core/db/postgres/store'
import { testServer } from '../../../src/core/database/probe'
import { systemClock } from '../../../src/core/time'
import { startPgCluster, TLS_ROLE, type PgCluster } from '../../helpers/pgCluster'
import { pgCluster } from '../../helpers/pgDatabase'

// 設定 → 資料庫's 「使用加密連線（TLS）」 on a server that speaks TLS (a cluster of its own here, with a
// self-signed certificate, as a school's own server has): the connection is encrypted; a server that
// requires TLS refuses a plain one in words the clerk can act on; one without TLS says so.

let tlsCluster: PgCluster
const clerk = `clerk_tls_${process.pid}`
beforeAll(async () => {
  tlsCluster = await startPgCluster({ tls: true })
  const admin = new pg.Client({ host: tlsCluster.host, port: tlsCluster.port, user: tlsCluster.user, database: 'postgres' })
  await admin.connect()
  await admin.query(`CREATE ROLE ${TLS_ROLE} NOLOGIN`)
  await admin.query(`CREATE ROLE ${clerk} LOGIN IN ROLE ${TLS_ROLE}`)
  await admin.query(`CREATE DATABASE school OWNER ${clerk}`)
  await admin.end()
}, 60_000)
afterAll(() => tlsCluster?.stop())

const server = (tls: boolean) => ({ host: tlsCluster.host, port: tlsCluster.port, user: clerk, database: 'school', tls })

describe('TLS to the school server', () => {
  it('encrypts the connection when 使用加密連線 is on', async () => {
    const store = openPostgresStore(server(true), { clock: systemClock })
    try {
      const row = await sql<{ ssl: boolean }>`SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`.execute(store.db)
      expect(row.rows[0].ssl).toBe(true)
    } finally {
      await store.close()
    }
    expect(await testServer(server(true), undefined, systemClock)).toMatchObject({ ok: true })
  })

  it('says what to do when the server requires TLS and it is off, and when the server has no TLS', async () => {
    const plain = await testServer(server(false), undefined, systemClock)
    expect(plain).toMatchObject({ ok: false, message: expect.stringContaining('加密連線') })
    const noTls = pgCluster()!
    const refused = await testServer({ host: noTls.host, port: noTls.port, user: noTls.user, database: 'postgres', tls: true }, undefined, systemClock)
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining('不接受加密連線') })
  })
})
