import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import type { ServerTarget } from '../../src/core/db/postgres/target'

// A fresh database on the test run's PostgreSQL cluster (test/pgSetup.ts) for one core: a copy
// of the migrated template, dropped when the test is done. Null outside the `core-pg` project.

export const pgCluster = () => {
  try {
    return inject('pg') ?? null
  } catch {
    return null // outside vitest (a bench)
  }
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const cluster = pgCluster()
  if (!cluster) throw new Error('no PostgreSQL cluster in this test project')
  const client = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, database })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Runs one statement as the cluster's superuser, in `database` (default: postgres). */
export async function adminQuery(text: string, database?: string): Promise<void> {
  await admin((c) => c.query(text), database)
}

/**
 * A new database copied from the migrated template (or empty); owned by `owner` when given (as IT
 * gives the app's role its own database); `drop` removes it.
 */
export async function freshDatabase(options: { empty?: boolean; owner?: string } = {}): Promise<{ server: ServerTarget; drop(): Promise<void> }> {
  const cluster = pgCluster()
  if (!cluster) throw new Error('no PostgreSQL cluster in this test project')
  const name = `t_${process.pid}_${randomBytes(5).toString('hex')}`
  const owner = options.owner ? ` OWNER ${options.owner}` : ''
  await admin((c) => c.query(options.empty ? `CREATE DATABASE ${name}${owner}` : `CREATE DATABASE ${name} TEMPLATE ${cluster.template}${owner}`))
  return {
    server: { host: cluster.host, port: cluster.port, user: cluster.user, database: name, tls: false },
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  }
}
