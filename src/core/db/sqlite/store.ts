import BetterSqlite3 from 'better-sqlite3'
import { CompiledQuery, Kysely, SqliteAdapter, SqliteDialect, type DatabaseConnection, type SqliteDatabase, type Driver } from 'kysely'
import { AppError } from '../../errors'
import { privateDatabaseFile } from '../../privateFiles'
import { nowStamp, type Clock } from '../../time'
import { sqliteDialect } from '../dialect'
import type { Database } from '../schema'
import type { ChangeMark, Db, Query, Reader, Store, WriteOptions, Writer } from '../store'
import { SqliteBulkWriter } from './bulk'
import { fileSession, sqliteFileOps } from './file'
import { backToWal, BUSY_TIMEOUT_MS, toRollbackJournal } from './largeWrite'
import { allRows, bindable, compiled, prepared } from './statements'

/**
 * kysely's SQLite adapter reports no transactional DDL, so its Migrator would run each
 * migration outside a transaction. SQLite does support it; saying so makes the Migrator
 * run the whole batch of pending migrations in one transaction (all or nothing).
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

/**
 * Every kysely transaction on SQLite begins IMMEDIATE: it takes the file's write lock at once, so
 * that a transaction which reads and then writes never meets another process's write in between
 * (SQLITE_BUSY half-way through).
 */
class AppSqliteDialect extends SqliteDialect {
  override createAdapter() {
    return new TransactionalDdlSqliteAdapter()
  }
  override createDriver(): Driver {
    const driver = super.createDriver()
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'))
    }
    return driver
  }
}

class SqliteReader implements Reader {
  readonly dialect = sqliteDialect
  readonly pipelines = false
  constructor(
    readonly db: Db,
    protected readonly sqlite: BetterSqlite3.Database,
  ) {}

  private statement(query: Query<unknown>, params: readonly unknown[]) {
    const { sql: text, parameters } = compiled(this.db, query, params)
    return { statement: prepared(this.sqlite, text), parameters: parameters.map(bindable) }
  }

  async all<T>(query: Query<T>, ...params: unknown[]): Promise<T[]> {
    const { statement, parameters } = this.statement(query, params)
    return allRows<T>(statement, parameters)
  }

  async get<T>(query: Query<T>, ...params: unknown[]): Promise<T | undefined> {
    const { statement, parameters } = this.statement(query, params)
    return statement.get(...parameters) as T | undefined
  }

  async run(query: Query<unknown>, ...params: unknown[]): Promise<void> {
    const { statement, parameters } = this.statement(query, params)
    if (statement.reader) statement.all(...parameters)
    else statement.run(...parameters)
  }
}

class SqliteWriter extends SqliteReader implements Writer {
  began = false
  /** The write left WAL mode (largeWrite.ts): the connection goes back once it ends. */
  leftWal = false
  readonly bulk: SqliteBulkWriter
  constructor(db: Db, sqlite: BetterSqlite3.Database, options: WriteOptions) {
    super(db, sqlite)
    this.bulk = new SqliteBulkWriter(sqlite, options.progress)
  }
  get file() {
    if (this.began) throw new Error("the file's operations come before the write begins")
    return fileSession(this.sqlite)
  }
  async begin(options: { large?: boolean } = {}): Promise<void> {
    if (this.began) return
    if (options.large) this.leftWal = toRollbackJournal(this.sqlite)
    prepared(this.sqlite, 'BEGIN IMMEDIATE').run()
    this.began = true
  }
}

export interface SqliteStore extends Store {
  /** The raw connection, for the tests and benchmarks that inspect the file (query plans, pragmas). */
  readonly sqlite: BetterSqlite3.Database
}

export function openSqliteStore(file: string, options: { clock: Clock; nativeBinding?: string }): SqliteStore {
  const { clock, nativeBinding } = options
  let sqlite: BetterSqlite3.Database
  try {
    privateDatabaseFile(file)
    sqlite = new BetterSqlite3(file, nativeBinding ? { nativeBinding } : {})
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    // Every commit (a triage decision, an import) is synced to the disk before the call
    // returns, so it survives a power cut; NORMAL would sync only at checkpoints. Its cost is
    // one fsync per commit (bench/README.md).
    sqlite.pragma('synchronous = FULL')
  } catch (error) {
    throw new AppError('db-open-failed', `無法開啟資料庫檔案 ${file}：${(error as Error).message}`)
  }
  const db = new Kysely<Database>({ dialect: new AppSqliteDialect({ database: kyselyDatabase(sqlite) }) })

  const store: SqliteStore = {
    backend: 'sqlite',
    db,
    sqlite,
    dialect: sqliteDialect,
    location: file,
    file: sqliteFileOps(file, db, sqlite),

    // Holds kysely's one connection, so no kysely query runs in between; one snapshot (BEGIN…COMMIT).
    read: (fn) =>
      db.connection().execute(async (conn) => {
        const own = !sqlite.inTransaction
        if (own) prepared(sqlite, 'BEGIN').run()
        try {
          const result = await fn(new SqliteReader(conn, sqlite))
          if (own) prepared(sqlite, 'COMMIT').run()
          return result
        } catch (error) {
          if (own && sqlite.inTransaction) prepared(sqlite, 'ROLLBACK').run()
          throw error
        }
      }),

    write: (fn, options = {}) =>
      db.connection().execute(async (conn) => {
        if (sqlite.inTransaction) throw new Error('a write began inside another transaction')
        const writer = new SqliteWriter(conn, sqlite, options)
        try {
          const result = await fn(writer)
          await writer.begin()
          bumpChanges(sqlite, nowStamp(clock), options.operator ?? null)
          prepared(sqlite, 'COMMIT').run()
          return result
        } catch (error) {
          if (sqlite.inTransaction) prepared(sqlite, 'ROLLBACK').run()
          throw error
        } finally {
          if (writer.leftWal) backToWal(sqlite)
        }
      }),

    explain: (error) => {
      const code = (error as { code?: string })?.code
      return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
        ? new AppError('db-busy', `資料庫檔案 ${file} 正由另一個程式寫入，請稍候再試一次。`)
        : null
    },

    changes: async () =>
      db.connection().execute(async () => readChanges(sqlite)),

    close: () => db.destroy(),
  }
  return store
}

/** Every write moves the DB's change mark on: other windows and processes poll it to refresh. */
function bumpChanges(sqlite: BetterSqlite3.Database, at: string, operator: string | null) {
  prepared(sqlite, 'UPDATE change_marks SET seq = seq + 1, at = ?, operator = ? WHERE id = 1').run(at, operator)
}

function readChanges(sqlite: BetterSqlite3.Database): ChangeMark {
  const row = prepared(sqlite, 'SELECT seq, at, operator FROM change_marks WHERE id = 1').get() as ChangeMark | undefined
  return row ?? { seq: 0, at: null, operator: null }
}

/** The connection as kysely's dialect sees it, its reads shaped by allRows. */
function kyselyDatabase(sqlite: BetterSqlite3.Database): SqliteDatabase {
  return {
    close: () => sqlite.close(),
    prepare(text) {
      const statement = sqlite.prepare(text)
      return {
        reader: statement.reader,
        all: (parameters) => allRows(statement, parameters),
        run: (parameters) => statement.run(...parameters),
        iterate: (parameters) => statement.iterate(...parameters) as IterableIterator<unknown>,
      }
    },
  }
}
