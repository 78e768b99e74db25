import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely'

// The few pieces of SQL that SQLite and PostgreSQL write differently. Everything else the
// features write is SQL both accept (true/false, IS DISTINCT FROM, ON CONFLICT, CASE, substr…).

export interface Dialect {
  /**
   * A column of `report_items ri` written so that SQLite does not use an index for it (`+ri.col`),
   * which makes it walk the index the sort needs; PostgreSQL plans for itself.
   */
  plainColumn(name: string): RawBuilder<unknown>
  /** A join that SQLite must take in the written order (CROSS JOIN); an ordinary join elsewhere. */
  readonly orderedJoin: RawBuilder<unknown>
  /** After a table name: SQLite reads the table itself, not an index (NOT INDEXED). */
  readonly notIndexed: RawBuilder<unknown>
  /** The leading digits of a text column as a number ('05' → 5, 'A' → 0), for sorting seats. */
  leadingNumber(column: string): RawBuilder<number>
  /** `LIKE` that folds ASCII letters' case, as SQLite's LIKE does. */
  readonly likeFold: RawBuilder<unknown>
  /** The earlier / later of two values (SQLite's scalar min/max; PostgreSQL's least/greatest). */
  least(a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<unknown>
  greatest(a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<unknown>
  /** A timestamp text ('YYYY-MM-DD HH:mm:ss') plus whole days, as the same text. */
  plusDays(timestamp: RawBuilder<unknown>, days: number): RawBuilder<string>
  /** A text column's length in UTF-8 bytes. */
  byteLength(column: string): RawBuilder<number>
  /**
   * Written after `ASC`/`DESC` of a sort key that can be NULL: NULL sorts as the smallest value,
   * as SQLite sorts it (PostgreSQL's default is the largest), so both give the same order.
   */
  nullsSmallest(ascending: boolean): RawBuilder<unknown>
  /**
   * Whether GROUP BY GROUPING SETS and aggregate FILTER are there (PostgreSQL): a search's facet
   * counts are then one pass over its hits (queue/facets.ts).
   */
  readonly groupingSets: boolean
  /** The table a call keeps its search hits in (a temp table of the connection). */
  readonly searchHitsTable: string
  readonly createSearchHits: string
  /**
   * Run once the hits are in: PostgreSQL never analyses a temp table itself, and without its
   * row count plans a search's queries as a scan of every item (31 → 4 ms at 1,366 hits).
   */
  readonly searchHitsFilled: string | null
  /**
   * Empties the hits table. On a server, TRUNCATE: a temp table is never vacuumed, so after DELETE
   * the dead rows and index entries of every earlier search of the connection stayed, and each fill
   * probed them (in the bench: 12,645 buffers to insert 1,366 hits after a handful of refreshes,
   * growing with each; 7,396 in an emptied table).
   */
  readonly emptySearchHits: string
}

export const sqliteDialect: Dialect = {
  plainColumn: (name) => sql.raw(`+ri.${name}`),
  orderedJoin: sql.raw('CROSS JOIN'),
  notIndexed: sql.raw('NOT INDEXED'),
  leadingNumber: (column) => sql<number>`CAST(${sql.raw(column)} AS INTEGER)`,
  likeFold: sql.raw('LIKE'),
  least: (a, b) => sql`min(${a}, ${b})`,
  greatest: (a, b) => sql`max(${a}, ${b})`,
  plusDays: (timestamp, days) => sql<string>`strftime('%Y-%m-%d %H:%M:%S', ${timestamp}, ${`+${Math.trunc(days)} days`})`,
  byteLength: (column) => sql<number>`length(CAST(${sql.raw(column)} AS BLOB))`,
  nullsSmallest: () => sql.raw(''),
  groupingSets: false,
  searchHitsTable: 'temp.queue_search_hits',
  createSearchHits: 'CREATE TEMP TABLE IF NOT EXISTS queue_search_hits (id INTEGER PRIMARY KEY)',
  searchHitsFilled: null,
  emptySearchHits: 'DELETE FROM temp.queue_search_hits',
}

export const postgresDialect: Dialect = {
  plainColumn: (name) => sql.raw(`ri.${name}`),
  orderedJoin: sql.raw('JOIN'),
  notIndexed: sql.raw(''),
  leadingNumber: (column) => sql<number>`coalesce(substring(${sql.raw(column)} from '^[0-9]{1,9}')::integer, 0)`,
  likeFold: sql.raw('ILIKE'),
  least: (a, b) => sql`least(${a}, ${b})`,
  greatest: (a, b) => sql`greatest(${a}, ${b})`,
  plusDays: (timestamp, days) =>
    sql<string>`to_char(CAST(${timestamp} AS timestamp) + make_interval(days => ${Math.trunc(days)}), 'YYYY-MM-DD HH24:MI:SS')`,
  byteLength: (column) => sql<number>`octet_length(${sql.raw(column)})`,
  nullsSmallest: (ascending) => sql.raw(ascending ? 'NULLS FIRST' : 'NULLS LAST'),
  groupingSets: true,
  searchHitsTable: 'pg_temp.queue_search_hits',
  createSearchHits: 'CREATE TEMP TABLE IF NOT EXISTS queue_search_hits (id integer PRIMARY KEY)',
  searchHitsFilled: 'ANALYZE pg_temp.queue_search_hits',
  emptySearchHits: 'TRUNCATE pg_temp.queue_search_hits',
}

/** The dialect of whichever backend a kysely handle (DB, connection or transaction) runs on. */
export const dialectOf = (db: Kysely<any>): Dialect =>
  db.getExecutor().adapter instanceof PostgresAdapter ? postgresDialect : sqliteDialect
