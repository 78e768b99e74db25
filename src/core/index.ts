import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import type { CallResult } from '../shared/result'
import { tidyBackupFolder } from './backup/folder'
import type { CoreContext } from './context'
import { openMigratedStore, type DbTarget } from './db/open'
import type { ServerTarget } from './db/postgres/target'
import type { SqliteStore } from './db/sqlite/store'
import { dispatch } from './dispatch'
import type { Host } from './host'
import { JobRegistry } from './jobs'
import { privateFolder } from './privateFiles'
import { ensureCurrentRound } from './rounds/store'
import { systemClock, type Clock } from './time'

export interface CoreOptions {
  /** This PC's SQLite file: the data, unless `server` names the school's server. */
  dbFile: string
  /** The school's PostgreSQL server, shared by the sections' PCs. */
  server?: ServerTarget
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
}

export interface Core {
  ctx: CoreContext
  dispatch(name: unknown, input: unknown): Promise<CallResult<unknown>>
  close(): Promise<void>
}

/** Opens (creating and migrating if needed) the DB and returns the core ready to serve calls. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock
  const dataDir = dirname(options.dbFile)
  const backupDir = options.backupDir ?? join(dataDir, 'backups')
  const target: DbTarget = options.server
    ? { kind: 'server', server: options.server }
    : { kind: 'file', file: options.dbFile, nativeBinding: options.sqliteBinding }
  if (target.kind === 'file') {
    if (options.ownDataDir || !existsSync(dataDir)) privateFolder(dataDir)
    tidyBackupFolder(backupDir)
  }
  const store = await openMigratedStore(target, clock)
  try {
    await ensureCurrentRound(store.db, clock)
  } catch (error) {
    await store.close()
    throw error
  }
  const ctx: CoreContext = {
    store,
    db: store.db,
    sqlite: (store as SqliteStore).sqlite as BetterSqlite3.Database,
    dbFile: options.dbFile,
    backupDir,
    clock,
    host: options.host,
    jobs: new JobRegistry(),
    version: options.version ?? '0.0.0',
  }
  return {
    ctx,
    dispatch: (name, input) => dispatch(ctx, name, input),
    close: () => ctx.store.close(),
  }
}
