import type BetterSqlite3 from 'better-sqlite3'
import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type { CallMap } from '../shared/contract/define'
import type { Database } from './db/schema'
import type { Host } from './host'
import type { JobRegistry } from './jobs'
import type { Clock } from './time'

/** Everything a handler may use. Built once by `createCore`. */
export interface CoreContext {
  db: Kysely<Database>
  sqlite: BetterSqlite3.Database
  dbFile: string
  /** Where the copies taken before each import go. */
  backupDir: string
  clock: Clock
  host: Host
  jobs: JobRegistry
  version: string
}

/** The handlers of one area of the contract: each takes the validated input. */
export type HandlersOf<C extends CallMap> = {
  [K in keyof C]: (input: z.output<C[K]['input']>, ctx: CoreContext) => Promise<C[K]['_output']>
}
