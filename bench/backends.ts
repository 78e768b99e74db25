import pg from 'pg'
import type { ServerTarget } from '../src/core/db/postgres/target'
import { pgBinDir, startPgCluster, type PgCluster } from '../test/helpers/pgCluster'

// Which backends a bench runs on (`--backend sqlite|pg|both`, both by default): the same scenarios
// on the embedded SQLite file and on a PostgreSQL server, in one run on one machine, printed side by
// side. The server is a throwaway cluster the bench starts and stops itself, with the server's
// default settings (fsync and synchronous_commit on: see startPgCluster's `durable`).

export type BenchBackend = 'sqlite' | 'pg'

export const BACKEND_OPTION = { backend: { type: 'string', default: 'both' } } as const

/**
 * The backends asked for. Both by default; when PostgreSQL is not installed the default runs on
 * SQLite alone and says so, and an explicit `--backend pg` stops with the reason.
 */
export function backendsOf(option: string): BenchBackend[] {
  if (!['sqlite', 'pg', 'both'].includes(option)) throw new Error(`--backend takes sqlite, pg or both, not '${option}'`)
  if (option === 'sqlite') return ['sqlite']
  if (!pgBinDir()) {
    const why = 'PostgreSQL is not installed (initdb not found; on Debian: apt-get install postgresql)'
    if (option === 'pg') throw new Error(`${why}: the server runs cannot be made.`)
    console.log(`${why}: running on SQLite only.\n`)
    return ['sqlite']
  }
  return option === 'pg' ? ['pg'] : ['sqlite', 'pg']
}

export const BACKEND_LABEL: Record<BenchBackend, string> = { sqlite: 'SQLite', pg: 'PostgreSQL' }

export interface BenchServer {
  cluster: PgCluster
  /** A new empty database on the cluster (core migrates it when it opens it). */
  database(name: string, options?: { template?: string }): Promise<ServerTarget>
  /** The cluster's settings that matter for the figures, as the server reports them. */
  settings(): Promise<string>
  stop(): void
}

/** Starts the bench's cluster; it is stopped on exit, however the bench ends. */
export async function startBenchServer(): Promise<BenchServer> {
  const cluster = await startPgCluster({ durable: true })
  const stop = () => cluster.stop()
  process.once('exit', stop)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop()
      process.exit(130)
    })
  }
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' })
    await client.connect()
    try {
      return await fn(client)
    } finally {
      await client.end()
    }
  }
  return {
    cluster,
    async database(name, options = {}) {
      await admin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await c.query(`CREATE DATABASE ${name}${options.template ? ` TEMPLATE ${options.template}` : ''}`)
      })
      return { host: cluster.host, port: cluster.port, user: cluster.user, database: name, tls: false }
    },
    settings: () =>
      admin(async (c) => {
        const names = ['server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'work_mem', 'jit']
        const rows = (await c.query<{ name: string; setting: string; unit: string | null }>(
          `SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1) ORDER BY array_position($1, name)`, [names])).rows
        return rows.map((r) => `${r.name}=${r.unit === '8kB' ? `${(Number(r.setting) * 8) / 1024}MB` : r.unit === 'kB' ? `${Number(r.setting) / 1024}MB` : r.setting}`).join(' ')
      }),
    stop,
  }
}
