import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { CallResult } from '../shared/result'
import { tidyBackupFolder } from './backup/folder'
import type { CoreContext } from './context'
import { migrateToLatest, openDatabase } from './db/connection'
import { dispatch } from './dispatch'
import type { Host } from './host'
import { JobRegistry } from './jobs'
import { privateFolder } from './privateFiles'
import { ensureCurrentRound } from './rounds/store'
import { systemClock, type Clock } from './time'

export interface CoreOptions {
  dbFile: string
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
  const dataDir = dirname(options.dbFile)
  if (options.ownDataDir || !existsSync(dataDir)) privateFolder(dataDir)
  const backupDir = options.backupDir ?? join(dataDir, 'backups')
  tidyBackupFolder(backupDir)
  const handle = openDatabase(options.dbFile, options.sqliteBinding)
  try {
    await migrateToLatest(handle.db)
    await ensureCurrentRound(handle.db, options.clock ?? systemClock)
  } catch (error) {
    await handle.close()
    throw error
  }
  const ctx: CoreContext = {
    db: handle.db,
    sqlite: handle.sqlite,
    dbFile: options.dbFile,
    backupDir,
    clock: options.clock ?? systemClock,
    host: options.host,
    jobs: new JobRegistry(),
    version: options.version ?? '0.0.0',
  }
  return {
    ctx,
    dispatch: (name, input) => dispatch(ctx, name, input),
    close: () => handle.close(),
  }
}
