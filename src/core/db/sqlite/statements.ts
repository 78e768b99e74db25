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

const MAX_SHAPES = 300
const shapes = new Map<string, (values: unknown[]) => unknown>()

/** The function that turns a row's values into an object with the statement's column names. */
function shapeOf(statement: BetterSqlite3.Statement): (values: unknown[]) => unknown {
  // Asked each time, not kept with the statement: a cached `SELECT *` changes columns with the schema.
  const names = statement.columns().map((c) => c.name)
  const key = names.join('\t')
  let shape = shapes.get(key)
  if (!shape) {
    // A literal's `__proto__: …` would set the prototype, not a field: such a list is shaped by a loop.
    const fields = names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`)
    shape = names.includes('__proto__')
      ? (values) => Object.fromEntries(names.map((name, i) => [name, values[i]]))
      : (new Function('v', `return { ${fields.join(', ')} }`) as (values: unknown[]) => unknown)
    if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value!)
    shapes.set(key, shape)
  }
  return shape
}

/**
 * All rows of a reading statement. better-sqlite3 builds each row object through the native API
 * one property at a time; reading the rows as arrays and shaping them here with one object
 * literal per column list halves the cost of a large read (an export's 100,000 rows: 600 → 330
 * ms). Like the objects better-sqlite3 makes, a name that occurs twice keeps its last value.
 */
export function allRows<T>(statement: BetterSqlite3.Statement, parameters: readonly unknown[]): T[] {
  statement.raw(true)
  let values: unknown[][]
  try {
    values = statement.all(...parameters) as unknown[][]
  } finally {
    statement.raw(false)
  }
  // The columns once it has run: a statement prepared before the schema changed is prepared
  // again by its first step, and only then knows a `SELECT *`'s new columns.
  return values.map(shapeOf(statement)) as T[]
}
