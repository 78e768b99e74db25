import type { Clock } from '../time'
import { migrateToLatest } from './migrate'
import { describeTarget, type ServerTarget } from './postgres/target'
import { openSqliteStore } from './sqlite/store'
import type { Store } from './store'

/** Where the data lives: this PC's SQLite file (the default) or the school's PostgreSQL server. */
export type DbTarget =
  | { kind: 'file'; file: string; /** better-sqlite3 built for the running runtime (Electron in `npm start`). */ nativeBinding?: string }
  | { kind: 'server'; server: ServerTarget }

export const describeDbTarget = (target: DbTarget) =>
  target.kind === 'file' ? target.file : describeTarget(target.server)

/** The server's driver (pg) is loaded when a server is first opened: most PCs never use one. */
export async function openStore(target: DbTarget, clock: Clock): Promise<Store> {
  if (target.kind === 'file') return openSqliteStore(target.file, { clock, nativeBinding: target.nativeBinding })
  const { openPostgresStore } = await import('./postgres/store')
  return openPostgresStore(target.server, { clock })
}

/** Opens the store and brings its schema to this version; closes it again when that fails. */
export async function openMigratedStore(target: DbTarget, clock: Clock): Promise<Store> {
  const store = await openStore(target, clock)
  try {
    await migrateToLatest(store.db).catch((error: unknown) => {
      throw store.explain(error) ?? error
    })
    return store
  } catch (error) {
    await store.close().catch(() => undefined)
    throw error
  }
}
