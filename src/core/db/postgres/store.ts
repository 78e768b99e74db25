import { CompiledQuery, Kysely, PostgresDialect, sql, type DatabaseConnection, type RawBuilder } from 'kysely'
import pg from 'pg'
import type { AppError } from '../../errors'
import { nowStamp, type Clock } from '../../time'
import { postgresDialect } from '../dialect'
import type { Database } from '../schema'
import type { ChangeMark, Db, Query, Reader, Store, WriteOptions, Writer } from '../store'
import { PgBulkWriter } from './bulk'
import { connectionProblem } from './errors'
import { describeTarget, passwordFor, type ServerTarget } from './target'

/** count(*) and sum() come back as int8/numeric, which node-postgres leaves as text: numbers here, as on SQLite. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format)
  },
}

/** The advisory lock every write of the DB takes, whichever PC it comes from (two int4 keys: 'RD', 1). */
const WRITE_LOCK = [0x5244, 1] as const
const APP_NAME = 'receipt-desk'

/**
 * After a write that put this many rows in a table, the table is analysed before the commit. The
 * server's autovacuum would analyse it within a minute or so; until then the planner takes a
 * freshly imported 50,000-item table for a few dozen rows and plans every queue query for that
 * (measured: the class-sorted page 360 ms before, 19 ms after).
 */
const ANALYZE_AFTER_ROWS = 1000

/**
 * The tables triggers keep from the ones a bulk write names (migrations 0003, 0005): written
 * row by row by the server itself, they are analysed with their source.
 */
const KEPT_FROM: Record<string, string[]> = {
  report_items: ['report_item_facet_counts', 'report_item_class_counts', 'report_item_search_grams'],
  students: ['report_item_class_counts'],
}

/** The tables to analyse after a write that wrote `writtenTo` (rows per table). */
export function tablesToAnalyse(writtenTo: Map<string, number>): string[] {
  const many = [...writtenTo].filter(([, rows]) => rows >= ANALYZE_AFTER_ROWS).map(([table]) => table)
  return [...new Set(many.flatMap((table) => [table, ...(KEPT_FROM[table] ?? [])]))]
}

class PgReader implements Reader {
  readonly dialect = postgresDialect
  /**
   * @param connection kysely's connection under `db`, when statements may be sent on it without
   *   waiting for the one before (a read): kysely's own handle sends one at a time.
   */
  constructor(readonly db: Db, private readonly connection: DatabaseConnection | null = null) {}

  get pipelines() {
    return this.connection !== null
  }

  private compiled(query: Query<unknown>, params: unknown[]): CompiledQuery {
    if (typeof query === 'string') {
      let n = 0
      return CompiledQuery.raw(params.length ? query.replace(/\?/g, () => `$${++n}`) : query, params)
    }
    return (query as RawBuilder<unknown>).compile(this.db)
  }

  private execute<T>(query: CompiledQuery<T>) {
    return this.connection ? this.connection.executeQuery<T>(query) : this.db.executeQuery<T>(query)
  }

  async all<T>(query: Query<T>, ...params: unknown[]): Promise<T[]> {
    return (await this.execute<T>(this.compiled(query, params) as CompiledQuery<T>)).rows
  }

  async get<T>(query: Query<T>, ...params: unknown[]): Promise<T | undefined> {
    return (await this.all<T>(query, ...params))[0]
  }

  async run(query: Query<unknown>, ...params: unknown[]): Promise<void> {
    await this.execute(this.compiled(query, params))
  }
}

class PgWriter extends PgReader implements Writer {
  readonly bulk: PgBulkWriter
  readonly file = null
  constructor(db: Db, options: WriteOptions, client: () => Promise<pg.ClientBase>) {
    super(db)
    this.bulk = new PgBulkWriter(db, client, options.progress)
  }
  /** The transaction and its lock are taken before `fn` runs: the plan of an import is read inside them. */
  async begin(): Promise<void> {}
}

/**
 * pg gives up a login it cannot finish on its side (the server asks for a password and none is
 * known) without closing the socket, and the server then keeps that half-done login — a process
 * and a connection slot — for its authentication_timeout (60 s), while core tries again every few
 * seconds. This client closes the socket whenever connecting fails.
 */
class ClosingClient extends pg.Client {
  override connect(): Promise<pg.Client>
  override connect(callback: (err: Error) => void): void
  override connect(callback?: (err: Error) => void): Promise<pg.Client> | void {
    const close = () => this.connection.stream.destroy()
    if (!callback) return super.connect().catch((error: unknown) => { close(); throw error })
    super.connect(((err: Error | null, ...rest: unknown[]) => {
      if (err) close()
      ;(callback as (...args: unknown[]) => void)(err, ...rest)
    }) as (err: Error) => void)
  }
}

/** A pool of connections to the server, `pipelined` or not (see below). */
function poolFor(target: ServerTarget, pipelined: boolean, max: number): pg.Pool {
  const pool = new pg.Pool({
    Client: ClosingClient,
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    password: passwordFor(target),
    // TLS on = encrypted as sslmode=require does; a school's own server rarely has a public certificate.
    ssl: target.tls ? { rejectUnauthorized: false } : false,
    application_name: APP_NAME,
    max,
    pipeline: pipelined,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 8_000,
    types,
  })
  // An idle connection the server dropped must not bring the app down; the next query reconnects.
  pool.on('error', () => undefined)
  // The queue's tables are read from memory, but a server's default random_page_cost (4) prices
  // each index read as a disk seek: the planner then scans all 50,000 items to join a search's
  // 1,366 hits (31 ms) rather than look each up by its key (4 ms). For this app's sessions only;
  // sent ahead of the connection's first query (a failure shows on that query).
  pool.on('connect', (client) => {
    client.query('SET random_page_cost = 1.1').catch(() => undefined)
  })
  return pool
}

export function openPostgresStore(target: ServerTarget, settings: { clock: Clock }): Store {
  // Reads: statements sent without waiting for the answer to the one before go out at once, and
  // the server answers them in order, so a read's independent statements cost one round trip (see
  // `read` below and the queue's reads).
  const pool = poolFor(target, true, 4)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  // Writes: one statement at a time, which lets an import's rows stream in by COPY (a pipelined
  // connection refuses it). Writes take one lock anyway (WRITE_LOCK).
  const writePool = poolFor(target, false, 2)
  const writeDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: writePool }) })
  // pg keeps the server process of each client (from its BackendKeyData; not in @types/pg).
  const writeClients = new Set<pg.PoolClient & { readonly processID?: number | null }>()
  writePool.on('connect', (client) => writeClients.add(client))
  writePool.on('remove', (client) => writeClients.delete(client as pg.PoolClient))
  /** The driver's own client under a write's connection (kysely keeps it to itself), for COPY. */
  const clientOf = async (conn: Db): Promise<pg.ClientBase> => {
    const pid = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(conn)).rows[0].pid
    const client = [...writeClients].find((c) => c.processID === pid)
    if (!client) throw new Error(`no pooled client for server process ${pid}`)
    return client
  }
  const explain = (error: unknown): AppError | null => connectionProblem(error, target)
  const rethrow = (error: unknown): never => {
    throw explain(error) ?? error
  }

  /** `body` on one connection of the write pool, in one transaction. */
  async function inTransaction<T>(begin: string, body: (conn: Db) => Promise<T>): Promise<T> {
    return writeDb.connection().execute(async (conn) => {
      await sql.raw(begin).execute(conn)
      try {
        const result = await body(conn)
        await sql`COMMIT`.execute(conn)
        return result
      } catch (error) {
        await sql`ROLLBACK`.execute(conn).catch(() => undefined)
        throw error
      }
    }).catch(rethrow)
  }

  return {
    backend: 'postgres',
    db,
    dialect: postgresDialect,
    location: describeTarget(target),
    file: null,
    explain,

    read: (fn) => db.connection().execute(async (conn) => {
      const connection = await conn.getExecutor().provideConnection(async (c) => c)
      const send = (text: string) => connection.executeQuery(CompiledQuery.raw(text))
      // BEGIN goes out with the read's first statement, not a round trip ahead of it: on a
      // pipelined connection the server takes them in order. Its answer is looked at below.
      const begun = send('BEGIN ISOLATION LEVEL REPEATABLE READ')
      begun.catch(() => undefined)
      // A read writes nothing that must last: only its temp tables and their statistics (a search's
      // hits, truncated and analysed), which make it a writing transaction whose COMMIT waited for
      // the WAL to reach the disk (0.4–8 ms measured in bench/queue's search, loaded machine).
      send('SET LOCAL synchronous_commit = off').catch(() => undefined)
      try {
        const result = await fn(new PgReader(conn, connection))
        await begun
        // Nothing waits for the COMMIT of a read: the connection goes back to the pool with it on
        // its way, and whoever takes the connection next sends after it (the server answers in
        // order). A read-only transaction's COMMIT can only fail with the connection itself,
        // which the next statement on it then reports.
        send('COMMIT').catch(() => undefined)
        return result
      } catch (error) {
        await send('ROLLBACK').catch(() => undefined)
        throw error
      }
    }).catch(rethrow),

    write: (fn, options = {}) =>
      inTransaction('BEGIN', async (conn) => {
        const [a, b] = WRITE_LOCK
        const got = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${a}, ${b}) AS ok`.execute(conn)
        if (!got.rows[0].ok) {
          options.onWait?.(await lockHolder(conn))
          await sql`SELECT pg_advisory_xact_lock(${a}, ${b})`.execute(conn)
        }
        // Another PC waiting for this lock can say who holds it.
        await sql`SELECT set_config('application_name', ${`${APP_NAME}:${options.operator ?? ''}`}, true)`.execute(conn)
        const writer = new PgWriter(conn, options, () => clientOf(conn))
        // After a refused COPY every statement fails as "current transaction is aborted": the
        // write fails with what the server refused.
        const result = await fn(writer).catch((error: unknown) => Promise.reject(writer.bulk.refused ?? error))
        await writer.bulk.settled()
        // Inside the transaction: ANALYZE counts the rows this transaction wrote.
        const tables = tablesToAnalyse(writer.bulk.writtenTo)
        if (tables.length) await sql.raw(`ANALYZE ${tables.map((t) => `"${t}"`).join(', ')}`).execute(conn)
        await sql`UPDATE change_marks SET seq = seq + 1, at = ${nowStamp(settings.clock)}, operator = ${options.operator ?? null} WHERE id = 1`.execute(conn)
        return result
      }),

    changes: async () => {
      const row = await db.selectFrom('change_marks').select(['seq', 'at', 'operator']).where('id', '=', 1).executeTakeFirst().catch(rethrow)
      return (row as ChangeMark | undefined) ?? { seq: 0, at: null, operator: null }
    },

    close: async () => {
      await Promise.all([db.destroy(), writeDb.destroy()])
    },
  }
}

/** The operator whose write holds the lock now, as its connection named itself; null when unknown. */
async function lockHolder(conn: Db): Promise<string | null> {
  const [a, b] = WRITE_LOCK
  const row = await sql<{ name: string | null }>`SELECT a.application_name AS name FROM pg_locks l
    JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE l.locktype = 'advisory' AND l.classid = ${a} AND l.objid = ${b} AND l.granted LIMIT 1`.execute(conn).catch(() => null)
  const name = row?.rows[0]?.name ?? ''
  return name.startsWith(`${APP_NAME}:`) && name.length > APP_NAME.length + 1 ? name.slice(APP_NAME.length + 1) : null
}
