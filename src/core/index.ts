import { existsSync } from 'node:fs'
import { hostname, userInfo } from 'node:os'
import { dirname, join } from 'node:path'
import type { CallInput, CallName, CallOutput } from '../shared/contract'
import type { CallResult } from '../shared/result'
import { tidyBackupFolder } from './backup/folder'
import type { CoreContext } from './context'
import { passwordKey, readChoice } from './database/choice'
import { openServer, type DatabaseState } from './database/connect'
import { openMigratedStore, type DbTarget } from './db/open'
import type { ServerTarget } from './db/postgres/target'
import { dispatch } from './dispatch'
import { ensureHints } from './hints/refresh'
import type { Host } from './host'
import { StagingArea } from './import/staging'
import { JobRegistry } from './jobs'
import { privateFolder } from './privateFiles'
import { ensureCurrentRound } from './rounds/store'
import { systemClock, type Clock } from './time'

export interface CoreOptions {
  /** This PC's SQLite file: the data, unless `server` names the school's server. */
  dbFile: string
  /** The school's PostgreSQL server, shared by the sections' PCs (the CLI's --db postgres://…, tests). */
  server?: ServerTarget
  /**
   * The app: work on the database chosen in 設定 → 資料庫 (database.json beside the file, the
   * password kept by the host), and keep the choice. A server that cannot be reached then leaves
   * the app running, saying why on every page, until it can be (or the clerk switches back).
   */
  rememberDatabase?: boolean
  host: Host
  /** Defaults to a `backups` folder beside the DB file. */
  backupDir?: string
  /**
   * The DB's folder is the app's own (its user-data folder): made private even when it exists.
   * Left off by the CLI, whose --db may sit in any folder of the user's: that one is made
   * private only when core creates it (the DB and backups are private either way).
   */
  ownDataDir?: boolean
  clock?: Clock
  version?: string
  /** Path of a better-sqlite3 binary built for the running runtime (Electron in `npm start`). */
  sqliteBinding?: string
  /** Who this PC is on a shared server (its settings); defaults to the OS user @ the host name. */
  pc?: string
}

export interface Core {
  ctx: CoreContext
  /** The window's door (IPC, the test bridge): input from another process, validated; host-only calls refused. */
  dispatch(name: unknown, input: unknown): Promise<CallResult<unknown>>
  /** The hosting process's door (the CLI), typed by the contract; the same validation and handlers. */
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallResult<CallOutput<K>>>
  close(): Promise<void>
}

/** The OS user at this PC's host: stable across restarts, shared by the app and the CLI on the PC. */
function thisPc(): string {
  let user = 'user'
  try {
    user = userInfo().username
  } catch {
    // no user name on this system: the host alone
  }
  return `${user}@${hostname()}`
}

/** Opens (creating and migrating if needed) the DB and returns the core ready to serve calls. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock
  const dataDir = dirname(options.dbFile)
  const backupDir = options.backupDir ?? join(dataDir, 'backups')
  if (options.ownDataDir || !existsSync(dataDir)) privateFolder(dataDir)
  const database: DatabaseState = {
    remember: !!options.rememberDatabase,
    dataDir,
    server: null,
    password: options.server?.password,
    retryAt: 0,
  }
  if (options.server) {
    const { password: _password, ...server } = options.server
    database.server = server
  } else if (options.rememberDatabase) {
    const choice = readChoice(dataDir)
    if (choice.kind === 'server') database.server = choice.server
  }
  const host = options.host
  const password = database.server && !database.password && database.remember
    ? (await host.secrets?.get(passwordKey(database.server))) ?? undefined
    : database.password
  if (!database.server) tidyBackupFolder(backupDir)
  const store = database.server
    ? await openServer(database.server, password, clock, database.remember)
    : await openMigratedStore({ kind: 'file', file: options.dbFile, nativeBinding: options.sqliteBinding } satisfies DbTarget, clock)
  try {
    if (!store.unavailable) {
      await ensureCurrentRound(store.db, clock)
      await ensureHints(store)
    }
  } catch (error) {
    await store.close()
    throw error
  }
  const ctx: CoreContext = {
    store,
    db: store.db,
    pc: options.pc ?? thisPc(),
    dbFile: options.dbFile,
    database,
    backupDir,
    clock,
    host: options.host,
    jobs: new JobRegistry(),
    staging: new StagingArea(),
    version: options.version ?? '0.0.0',
  }
  return {
    ctx,
    dispatch: (name, input) => dispatch(ctx, name, input, 'window'),
    call: async <K extends CallName>(name: K, input: CallInput<K>) =>
      (await dispatch(ctx, name, input, 'host')) as CallResult<CallOutput<K>>,
    close: () => ctx.store.close(),
  }
}

// What the hosts (the Electron main process, the CLI) use of core besides its calls.
export { AppError } from './errors'
export { isServerUrl, parseServerUrl } from './db/postgres/target'
export { privateFile } from './privateFiles'
