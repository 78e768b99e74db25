import type { z } from 'zod'
import type { CallMap } from '../shared/contract/define'
import type { DatabaseState } from './database/connect'
import type { Db, Store } from './db/store'
import type { Host } from './host'
import type { StagingArea } from './import/staging'
import type { JobRegistry } from './jobs'
import type { Clock } from './time'

/** Everything a handler may use. Built once by `createCore`. */
export interface CoreContext {
  /** The database layer (db/store.ts): this PC's SQLite file or the school's server. */
  store: Store
  /** `store.db`: kysely over whichever backend the store is. */
  db: Db
  /** This PC (its user and host name): whose settings (operator, section) the calls use on a shared server. */
  pc: string
  /** This PC's SQLite file (used when no server is chosen). */
  dbFile: string
  /** Which database this session works on, and what it needs to reconnect (database/connect.ts). */
  database: DatabaseState
  /** Where the copies taken before each import go. */
  backupDir: string
  clock: Clock
  host: Host
  jobs: JobRegistry
  /** The files on the import page, waiting to be imported (import/staging.ts). */
  staging: StagingArea
  version: string
}

/** The handlers of one area of the contract: each takes the validated input. */
export type HandlersOf<C extends CallMap> = {
  [K in keyof C]: (input: z.output<C[K]['input']>, ctx: CoreContext) => Promise<C[K]['_output']>
}
