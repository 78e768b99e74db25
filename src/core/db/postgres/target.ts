import { parse } from 'pg-connection-string'
import pgpass from 'pgpass'

/** A school's PostgreSQL server, as 設定 → 資料庫 or the CLI's `--db postgres://…` names it. */
export interface ServerTarget {
  host: string
  port: number
  database: string
  user: string
  /** From 設定 (kept with Electron's safeStorage by main); else PGPASSWORD or ~/.pgpass. */
  password?: string
  tls: boolean
}

/** `postgres://user@host:port/db?sslmode=require`: never with a password (it would show in the process list). */
export function parseServerUrl(url: string): ServerTarget {
  const c = parse(url)
  if (c.password) throw new Error('password-in-url')
  const ssl = c.ssl === true || (typeof c.ssl === 'object' && c.ssl !== null) || /sslmode=(require|verify-ca|verify-full)/.test(url)
  return {
    host: c.host || 'localhost',
    port: c.port ? Number(c.port) : 5432,
    database: c.database || c.user || 'postgres',
    user: c.user || process.env.PGUSER || process.env.USER || 'postgres',
    tls: ssl,
  }
}

export const isServerUrl = (value: string) => /^postgres(ql)?:\/\//i.test(value)

export const describeTarget = (t: ServerTarget) => `${t.user}@${t.host}:${t.port}/${t.database}`

/** The password to send: the one given, else PGPASSWORD, else the matching line of ~/.pgpass (as psql reads them). */
export function passwordFor(target: ServerTarget): () => Promise<string> {
  return () => {
    if (target.password !== undefined) return Promise.resolve(target.password)
    if (process.env.PGPASSWORD !== undefined) return Promise.resolve(process.env.PGPASSWORD)
    return new Promise((resolve) => {
      pgpass(
        { host: target.host, port: String(target.port), database: target.database, user: target.user },
        (password?: string) => resolve(password ?? ''),
      )
    })
  }
}
