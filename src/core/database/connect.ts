import type { ServerConfig } from '../../shared/contract/database'
import type { CoreContext } from '../context'
import { openMigratedStore } from '../db/open'
import { describeTarget, type ServerTarget } from '../db/postgres/target'
import type { Store } from '../db/store'
import { unavailableStore } from '../db/unavailable'
import { AppError } from '../errors'
import type { Clock } from '../time'
import { passwordKey } from './choice'

// Opening the school's server, and moving core onto another store while the app runs.

export const serverTarget = (server: ServerConfig, password: string | undefined): ServerTarget => ({ ...server, password })

/** What this session uses on the server, as core keeps it (ctx.database). */
export interface DatabaseState {
  /** Keep the choice in database.json and the password with the host: the app does, the CLI does not. */
  remember: boolean
  /** The folder of this PC's file, where database.json is kept. */
  dataDir: string
  /** The server in use (or chosen when it could not be reached); null on this PC's file. */
  server: ServerConfig | null
  /** The password this session was given (when the host keeps none). */
  password: string | undefined
  /** When core may next try an unreachable server again (ms). */
  retryAt: number
}

/** Why a server cannot be used, when it is the server's fault (reachability, login, version); else rethrown. */
function reasonOf(error: unknown): AppError {
  if (error instanceof AppError) return error
  throw error
}

/**
 * The server's store, migrated to this version; or — when it cannot be reached, refuses the login
 * or is a newer version's — a store that says why on every call (`fallback`), else the error.
 */
export async function openServer(server: ServerConfig, password: string | undefined, clock: Clock, fallback: boolean): Promise<Store> {
  try {
    return await openMigratedStore({ kind: 'server', server: serverTarget(server, password) }, clock)
  } catch (error) {
    const why = reasonOf(error)
    if (!fallback) throw why
    return unavailableStore(describeTarget(serverTarget(server, password)), why)
  }
}

/** The password for a server: the one given, else the one this PC keeps, else this session's. */
export async function passwordFor(ctx: CoreContext, server: ServerConfig, given?: string): Promise<string | undefined> {
  if (given !== undefined && given !== '') return given
  const kept = ctx.database.remember ? await ctx.host.secrets?.get(passwordKey(server)) : null
  return kept ?? ctx.database.password
}

/**
 * Core works on `store` from now on. The old store is closed a little later, so that a call
 * already under way on it finishes.
 */
export function replaceStore(ctx: CoreContext, store: Store): void {
  const old = ctx.store
  ctx.store = store
  ctx.db = store.db
  if (old !== store) setTimeout(() => void old.close().catch(() => undefined), 5_000).unref?.()
}
