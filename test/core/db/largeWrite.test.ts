import BetterSqlite3 from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../../src/core/db/connection'
import { openSqliteStore, type SqliteStore } from '../../../src/core/db/sqlite/store'
import { systemClock } from '../../../src/core/time'
import { tempDir } from '../../helpers/tempCore'

// An import's write of tens of thousands of rows goes through a rollback journal instead of the
// WAL (db/sqlite/largeWrite.ts), when no other process has the file open; the file is in WAL mode
// again once the write ends, whether it committed or rolled back.

let store: SqliteStore | undefined
let other: BetterSqlite3.Database | undefined
afterEach(async () => {
  other?.close()
  other = undefined
  await store?.close()
  store = undefined
})

async function openStore() {
  const file = join(tempDir(), 'db.sqlite')
  store = openSqliteStore(file, { clock: systemClock })
  await migrateToLatest(store.db)
  return { store, file }
}

const mode = (s: SqliteStore) => s.sqlite.pragma('main.journal_mode', { simple: true })
const batches = async (s: SqliteStore) => (await s.read((r) => r.all<{ n: number }>('SELECT count(*) AS n FROM import_batches')))[0].n

/** A write of `rows` import batches (rows of a table that names no other); the journal mode seen inside it. */
async function writeBatches(s: SqliteStore, rows: number, options: { large: boolean; fail?: boolean }) {
  let inside = ''
  await s.write(async (w) => {
    await w.begin({ large: options.large })
    inside = String(mode(s))
    await w.bulk.insert('import_batches', Array.from({ length: rows }, (_, i) => ({
      round_id: null, file_name: `名冊${i}.xlsx`, file_hash: String(i), file_kind: 'roster', term: null, sheets: '[]',
      imported_at: '2025-10-07 09:00:00', operator: '註冊組',
    })))
    if (options.fail) throw new Error('the disk is full')
  })
  return inside
}

describe('a large write on a SQLite file', () => {
  it('goes through a rollback journal and leaves the file in WAL mode', async () => {
    const { store } = await openStore()
    expect(await writeBatches(store, 3000, { large: true })).toBe('delete')
    expect(mode(store)).toBe('wal')
    expect(await batches(store)).toBe(3000)
    // A write not marked large stays in the WAL.
    expect(await writeBatches(store, 10, { large: false })).toBe('wal')
  })

  it('rolled back, leaves nothing behind and the file in WAL mode', async () => {
    const { store, file } = await openStore()
    await expect(writeBatches(store, 3000, { large: true, fail: true })).rejects.toThrow('the disk is full')
    expect(await batches(store)).toBe(0)
    expect(mode(store)).toBe('wal')
    expect(existsSync(`${file}-journal`)).toBe(false)
  })

  it('stays in the WAL when another process has the file open, which reads every row once it is committed', async () => {
    const { store, file } = await openStore()
    other = new BetterSqlite3(file)
    other.prepare('SELECT count(*) FROM import_batches').get()
    expect(await writeBatches(store, 3000, { large: true })).toBe('wal')
    // The change is tried without a busy timeout (another process refuses it at once); the
    // connection's own is back for every other statement.
    expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000)
    expect(other.prepare('SELECT count(*) AS n FROM import_batches').get()).toEqual({ n: 3000 })
  })
})
