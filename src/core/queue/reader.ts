import type BetterSqlite3 from 'better-sqlite3'
import type { CompiledQuery, Kysely, RawBuilder } from 'kysely'
import type { Database } from '../db/schema'
import { CREATE_SEARCH_HITS, fillSearchHits, SEARCH_HITS_TABLE, searchWords, studentsHolding } from './search'

// How the queue's calls read: synchronously on the raw connection, with each statement
// prepared once per SQL text (kysely still builds the SQL). One refresh runs ten or so
// queries; through kysely each was compiled, prepared and awaited again (≈ 0.15 ms apiece),
// and the queries of two calls interleaved at every await. Here a call holds kysely's
// connection — so no kysely transaction is half-way through — and reads in one transaction:
// its page, total and counts see the same data.

const MAX_STATEMENTS = 300
const statementCaches = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>()

function prepared(sqlite: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
  let cache = statementCaches.get(sqlite)
  if (!cache) statementCaches.set(sqlite, (cache = new Map()))
  let statement = cache.get(text)
  if (!statement) {
    statement = sqlite.prepare(text)
    // Filters come in many shapes; keep the cache bounded (oldest out).
    if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!)
    cache.set(text, statement)
  }
  return statement
}

/** SQL text, or what kysely built (a query builder, or a `sql` template compiled with the db). */
export type Query<T> = RawBuilder<T> | { compile(): CompiledQuery<T> } | string

export class QueueReader {
  constructor(
    readonly db: Kysely<Database>,
    readonly sqlite: BetterSqlite3.Database,
    /** Sees every statement run (tests read their query plans). */
    private readonly trace?: (sql: string, parameters: readonly unknown[]) => void,
  ) {}

  private statement<T>(query: Query<T>, params: readonly unknown[]) {
    // A query builder's compile() takes no argument; a sql template's takes the db.
    const { sql, parameters } = typeof query === 'string' ? { sql: query, parameters: params } : (query as RawBuilder<T>).compile(this.db)
    this.trace?.(sql, parameters)
    return { statement: prepared(this.sqlite, sql), parameters }
  }

  /** Runs a statement that returns no rows. */
  run(query: Query<unknown>, ...params: unknown[]): void {
    const { statement, parameters } = this.statement(query, params)
    statement.run(...parameters)
  }

  all<T>(query: Query<T>, ...params: unknown[]): T[] {
    const { statement, parameters } = this.statement(query, params)
    return statement.all(...parameters) as T[]
  }

  get<T>(query: Query<T>, ...params: unknown[]): T | undefined {
    const { statement, parameters } = this.statement(query, params)
    return statement.get(...parameters) as T | undefined
  }

  /**
   * Finds the items of a search once for the whole call, into a temp table its queries read
   * (see filters.ts). Returns how many it found; null when the search restricts nothing: it is
   * blank, or each word is in every student's name or number (the first digits of the student
   * numbers, typed on the way to one), so that every item matches.
   */
  resolveSearch(search: string): number | null {
    const students = this.get<{ n: number }>(`SELECT count(*) AS n FROM students`)!.n
    const words = searchWords(search)
      .map((word) => ({ word, holders: this.get(studentsHolding(word))!.n }))
      .filter((w) => w.holders < students)
      .map((w) => ({ word: w.word, inStudents: w.holders > 0 }))
    const count = (gram: string) =>
      this.get<{ n: number }>(`SELECT count(*) AS n FROM report_item_search_grams WHERE gram = ?`, gram)!.n
    const statements = fillSearchHits(words, count)
    if (statements.length === 0) return null
    this.run(CREATE_SEARCH_HITS) // a no-op once the connection has it
    for (const statement of statements) this.run(statement)
    return this.get<{ n: number }>(`SELECT count(*) AS n FROM ${SEARCH_HITS_TABLE}`)!.n
  }
}

/**
 * Runs a queue call's reads (`fn` is synchronous: nothing else runs on the connection meanwhile).
 */
export async function readQueue<T>(ctx: { db: Kysely<Database>; sqlite: BetterSqlite3.Database }, fn: (reader: QueueReader) => T): Promise<T> {
  return ctx.db.connection().execute(async () => {
    const { sqlite } = ctx
    // Whoever holds a transaction open on the raw connection (a synchronous import) has finished
    // by now, since this runs between two turns of the event loop; be safe anyway.
    const own = !sqlite.inTransaction
    if (own) prepared(sqlite, 'BEGIN').run()
    try {
      const result = fn(new QueueReader(ctx.db, sqlite))
      if (own) prepared(sqlite, 'COMMIT').run()
      return result
    } catch (error) {
      if (own && sqlite.inTransaction) prepared(sqlite, 'ROLLBACK').run()
      throw error
    }
  })
}
