import type { CompiledQuery, Insertable, Kysely, RawBuilder } from 'kysely'
import type { Backend } from '../../shared/contract/database'
import type { AppError } from '../errors'
import type { Database } from './schema'
import type { Dialect } from './dialect'

// The one database layer. Core runs on an embedded SQLite file (one PC, the default) or on a
// school's PostgreSQL server (several PCs); what differs between the two lives behind this
// interface, in db/sqlite and db/postgres, and nowhere else. Features query through kysely
// (`store.db`, or the `db` of a read or write below); the few things kysely does not do fast
// enough or at all — a call's many small reads, bulk writes of an import, locks, the change
// counter, file backups — are methods here.

/**
 * A kysely handle: the whole DB, one connection, or a transaction (a kysely `Transaction` is a
 * `Kysely`), so that repository functions taking it compose. The one declaration of it.
 */
export type Db = Kysely<Database>

/** SQL text, or what kysely built (a query builder, or a `sql` template it compiles). */
export type Query<T> = RawBuilder<T> | { compile(): CompiledQuery<T> } | string

/** Reads (and temp-table writes) of one call, on one connection, in one snapshot. */
export interface Reader {
  readonly db: Db
  readonly dialect: Dialect
  /**
   * True when statements sent without waiting for one another's answers go out together and
   * the answers come back in order (a server's read: each wait is a round trip). Callers send
   * independent reads at once either way (on SQLite each runs when sent); this says whether a
   * read that may prove needless is worth sending ahead.
   */
  readonly pipelines: boolean
  all<T>(query: Query<T>, ...params: unknown[]): Promise<T[]>
  get<T>(query: Query<T>, ...params: unknown[]): Promise<T | undefined>
  run(query: Query<unknown>, ...params: unknown[]): Promise<void>
}

type Row<T extends keyof Database> = Insertable<Database[T]>

/**
 * Many rows written at once by an import: SQLite steps prepared statements, PostgreSQL sends
 * multi-row statements. Each call lets the event loop run every so often and counts its rows
 * into `progress`.
 */
export interface BulkWriter {
  /** Inserts the rows (same columns in each) and returns their ids in order when asked. */
  insert<T extends keyof Database>(table: T, rows: Row<T>[], options?: { ids?: boolean }): Promise<number[]>
  /** Sets the given columns of each row found by its `id` (same columns in each). */
  update<T extends keyof Database>(table: T, rows: ({ id: number } & Partial<Row<T>>)[]): Promise<void>
  delete<T extends keyof Database>(table: T, ids: number[]): Promise<void>
  /** Rows written so far by this writer. */
  readonly written: number
}

export interface WriteOptions {
  /** Who writes (recorded with the change counter, so other PCs can say who changed what). */
  operator?: string | null
  /** Called once when another PC holds the write lock and this write has to wait for it. */
  onWait?: (holder: string | null) => void
  /** Rows written so far, as a bulk write goes. */
  progress?: (rowsWritten: number) => void
}

/**
 * One write: exclusive among every writer of the DB (other calls, other processes, other PCs),
 * all or nothing. `fn` may read first (outside the transaction on SQLite, inside it on
 * PostgreSQL) and must call `begin()` before its first write: on SQLite a file backup can only
 * be taken between the two.
 */
export interface Writer extends Reader {
  /**
   * Starts the transaction. `large`: the write is tens of thousands of rows (an import), so a
   * SQLite file that no other process has open takes it through a rollback journal, not the WAL
   * (sqlite/largeWrite.ts); nothing changes on a server.
   */
  begin(options?: { large?: boolean }): Promise<void>
  readonly bulk: BulkWriter
  /** On SQLite, the file's operations (a backup of it as it is before this write): only before `begin()`. Null on a server. */
  readonly file: FileSession | null
}

/** What the other PCs (and windows) last changed: the page polls it to refresh. */
export interface ChangeMark {
  seq: number
  at: string | null
  operator: string | null
}

/** What the SQLite file can do that a server does not (see core/backup). */
export interface FileSession {
  /** A consistent copy of the DB, written whole to `target` (the caller names and renames it). */
  copyTo(target: string, progress?: (p: { totalPages: number; remainingPages: number }) => number): Promise<void>
  /** The migrations the file has applied. */
  migrations(): Promise<string[]>
  /**
   * Replaces every table's rows with those of the SQLite file `source` (already migrated to this
   * version), in one transaction.
   */
  replaceFrom(source: string): Promise<void>
}

/** The SQLite file's own operations (none on a server). */
export interface FileOps {
  readonly path: string
  /** Runs `fn` holding the connection: no other query of the app runs meanwhile. */
  exclusive<T>(fn: (file: FileSession) => Promise<T>): Promise<T>
}

export interface Store {
  readonly backend: Backend
  readonly db: Db
  readonly dialect: Dialect
  /** Where the data is, for 設定 and messages ("本機 …" / "伺服器 …"). */
  readonly location: string
  read<T>(fn: (reader: Reader) => Promise<T>): Promise<T>
  write<T>(fn: (writer: Writer) => Promise<T>, options?: WriteOptions): Promise<T>
  changes(): Promise<ChangeMark>
  readonly file: FileOps | null
  /** A zh-TW AppError for an error of the connection (server unreachable, wrong password…); null for others. */
  explain(error: unknown): AppError | null
  /** Set when the server could not be reached: why (db/unavailable.ts). */
  readonly unavailable?: AppError
  close(): Promise<void>
}
