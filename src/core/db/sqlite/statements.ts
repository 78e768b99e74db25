import type BetterSqlite3 from 'better-sqlite3'
import type { RawBuilder } from 'kysely'
import type { Db, Query } from '../store'

// Statements run on the raw connection, each prepared once per SQL text (kysely still builds the
// SQL). A queue refresh runs ten or so small queries; through kysely each was compiled, prepared
// and awaited again (≈ 0.15 ms apiece). The caller holds kysely's connection, so no kysely query
// runs in between.

const MAX_STATEMENTS = 300
const caches = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>()

export function prepared(sqlite: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
  let cache = caches.get(sqlite)
  if (!cache) caches.set(sqlite, (cache = new Map()))
  let statement = cache.get(text)
  if (!statement) {
    statement = sqlite.prepare(text)
    // Filters come in many shapes; keep the cache bounded (oldest out).
    if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!)
    cache.set(text, statement)
  }
  return statement
}

/** SQL text and parameters of a query (a builder's compile() takes no argument; a sql template's takes the db). */
export function compiled(db: Db, query: Query<unknown>, params: readonly unknown[]) {
  if (typeof query === 'string') return { sql: query, parameters: params }
  const c = (query as RawBuilder<unknown>).compile(db)
  return { sql: c.sql, parameters: c.parameters }
}

/** better-sqlite3 binds numbers, text, null, bigint and buffers; booleans are stored as 0/1. */
export const bindable = (value: unknown) => (typeof value === 'boolean' ? (value ? 1 : 0) : value)
