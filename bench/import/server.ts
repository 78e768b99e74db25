import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createCore } from '../../src/core'
import type { ServerTarget } from '../../src/core/db/postgres/target'
import { headlessHost } from '../../src/core/host'
import { commitStaged, stageBytes } from '../../src/core/import/stage'
import type { BenchServer } from '../backends'

// The import bench on a PostgreSQL server: a database holding the roster (imported by the app, as
// the SQLite template is), copied for each run (CREATE DATABASE … TEMPLATE, before the clock
// starts), and the rows an import wrote, read from the server's statistics.

/** A run's database, copied from `template` on the bench's cluster. */
export interface ServerCopy {
  host: string
  port: number
  user: string
  template: string
  database: string
}

async function admin<T>(at: { host: string; port: number; user: string }, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: at.host, port: at.port, user: at.user, database: 'postgres' })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits until no session but ours is on `database`: a closed pool's server processes end a moment after. */
async function whenLeft(client: pg.Client, database: string) {
  for (let i = 0; i < 100; i++) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database])
    if (rows[0].n === 0) return
    await pause(50)
  }
  throw new Error(`sessions still open on ${database}`)
}

/** The run's database, a fresh copy of the template. */
export async function databaseFrom(copy: ServerCopy): Promise<ServerTarget> {
  await admin(copy, async (c) => {
    await whenLeft(c, copy.template)
    await c.query(`DROP DATABASE IF EXISTS ${copy.database} WITH (FORCE)`)
    await c.query(`CREATE DATABASE ${copy.database} TEMPLATE ${copy.template}`)
  })
  return { host: copy.host, port: copy.port, user: copy.user, database: copy.database, tls: false }
}

/**
 * Bookkeeping every import writes whatever its file holds: its batch row (inserted, then given its
 * counts), the change mark, and on a server the undo journal's header.
 */
const BOOKKEEPING = ['import_batches', 'change_marks', 'import_undo']

/**
 * Rows the import inserted, updated or deleted in the database's tables — the data, the counts and
 * search grams triggers keep, the undo journal's rows — less the bookkeeping: the server's
 * statistics, read once every session on the database has ended (each flushes its counts then).
 */
export async function rowsWrittenOn(copy: ServerCopy): Promise<number> {
  return admin(copy, async (c) => {
    await whenLeft(c, copy.database)
    const stats = new pg.Client({ host: copy.host, port: copy.port, user: copy.user, database: copy.database })
    await stats.connect()
    try {
      const { rows } = await stats.query<{ n: number }>(`SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::int AS n
        FROM pg_stat_user_tables WHERE relname <> ALL($1)`, [BOOKKEEPING])
      return rows[0].n
    } finally {
      await stats.end()
    }
  })
}

/** A database holding the roster only, imported by the app: the template of every import run. */
export async function rosterDatabase(server: BenchServer, roster: string, name: string): Promise<void> {
  const target = await server.database(name)
  const core = await createCore({ dbFile: join(tmpdir(), 'unused.sqlite'), server: target, host: headlessHost, version: 'bench' })
  try {
    const staged = await stageBytes(core.ctx, 'roster.csv', new Uint8Array(readFileSync(roster)), 'cli')
    await core.ctx.jobs.wait(staged.jobId!)
    await core.ctx.jobs.wait(commitStaged(core.ctx, staged, true, '效能測試'))
  } finally {
    await core.close()
  }
}
