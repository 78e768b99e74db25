import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { createCore, type Core, type CoreOptions } from '../../src/core'
import type { Host, SecretStore } from '../../src/core/host'
import type { Clock } from '../../src/core/time'
import type { CallInput, CallName, CallOutput } from '../../src/shared/contract'
import type { Backend } from '../../src/shared/contract/database'
import type { ServerTarget } from '../../src/core/db/postgres/target'

/** The backend the suites run on: the core-pg project sets RECEIPT_DESK_TEST_BACKEND=postgres. */
export const testBackend = (): Backend => (process.env.RECEIPT_DESK_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite')

/** A host whose dialogs answer what the test queued. */
export class ScriptedHost implements Host {
  importFiles: string[][] = []
  savePaths: (string | null)[] = []
  /** Absent unless a test gives it secrets to keep (as main does with safeStorage). */
  secrets?: SecretStore
  /** Absent, as in the app's window, unless a test plays the command line. */
  unattendedOperator?: string
  async pickImportFiles() {
    return this.importFiles.shift() ?? []
  }
  async pickSavePath() {
    return this.savePaths.shift() ?? null
  }
}

export interface TempCore {
  core: Core
  dir: string
  dbFile: string
  /** Where this core's data is: the SQLite file, or (in the core-pg project) a database of its own on the test server. */
  where: Pick<CoreOptions, 'dbFile' | 'server' | 'pc'>
  /** The same for the CLI's --db: the file's path, or postgres://user@host:port/database. */
  dbArg: string
  host: ScriptedHost
  /** Calls through the real dispatch; throws with the zh-TW message when refused. */
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>
  cleanup(): Promise<void>
}

const made = new Set<string>()

/** A fresh folder in the OS temp folder, removed after the test file (test/setup.ts). */
export function tempDir(prefix = 'receipt-desk-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.add(dir)
  return dir
}

/** Removes every folder tempDir made (test/setup.ts calls it after each test file). */
export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
  made.clear()
}

/** The CLI's --db for a server database (the password, when one is needed, from PGPASSWORD). */
export const serverUrl = (server: ServerTarget) => `postgres://${server.user}@${server.host}:${server.port}/${server.database}`

/**
 * A core on a fresh real database: a SQLite file in a temp folder, or — when the tests run on
 * PostgreSQL (the core-pg project) — a new database of its own on the run's server.
 */
export async function tempCore(options: TempCoreOptions = {}): Promise<TempCore> {
  const dir = options.dir ?? tempDir()
  const dbFile = join(dir, 'receipt-desk.sqlite')
  const host = new ScriptedHost()
  if (options.keepsSecrets) host.secrets = memorySecrets()
  const backend = options.backend ?? testBackend()
  // Loaded only for a server: pgDatabase reads vitest's context, which a bench (plain Node) cannot load.
  const database = options.database ?? (backend === 'postgres' ? await (await import('./pgDatabase')).freshDatabase() : null)
  // This PC, as the app and the CLI on it are (the CLI a test runs reads the same operator);
  // joinCore makes other PCs.
  const where = { dbFile, server: database ? { ...database.server, ...options.serverAt } : undefined }
  const core = await createCore({
    ...where, host, clock: options.clock, version: 'test', ownDataDir: options.ownDataDir, rememberDatabase: options.rememberDatabase,
  })
  return {
    core,
    dir,
    dbFile,
    where,
    dbArg: database ? serverUrl(database.server) : dbFile,
    host,
    call: callOn(core),
    async cleanup() {
      await core.close()
      await database?.drop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface TempCoreOptions {
  clock?: Clock
  dir?: string
  ownDataDir?: boolean
  backend?: Backend
  /** As the app: the database chosen in 設定 → 資料庫 (database.json in `dir`), and keep the choice. */
  rememberDatabase?: boolean
  /** The host keeps secrets (in memory here; main encrypts them with safeStorage). */
  keepsSecrets?: boolean
  /** Reach the fresh server database elsewhere than the cluster's own address (through a proxy). */
  serverAt?: { host?: string; port?: number }
  /** A server database made beforehand (an older version's, say): the core opens — and migrates — it, and drops it at cleanup. */
  database?: { server: ServerTarget; drop(): Promise<void> }
}

/**
 * Another PC working on the same server database as `other`: a core of its own, with its own
 * folder (its own file, unused while on the server). Closing it leaves the database to `other`.
 */
export async function joinCore(other: TempCore, options: { clock?: Clock } = {}): Promise<TempCore> {
  if (!other.where.server) throw new Error('joinCore: the other core is not on a server')
  const dir = tempDir()
  const dbFile = join(dir, 'receipt-desk.sqlite')
  const host = new ScriptedHost()
  const where = { dbFile, server: other.where.server, pc: `pc-${basename(dir)}` }
  const core = await createCore({ ...where, host, clock: options.clock, version: 'test' })
  return {
    core, dir, dbFile, where, dbArg: other.dbArg, host,
    call: callOn(core),
    async cleanup() {
      await core.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Calls through the real dispatch; throws with the zh-TW message (and the code) when refused. */
function callOn(core: Core): TempCore['call'] {
  return async (name, input) => {
    const result = await core.dispatch(name, input)
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code })
    return result.value as CallOutput<typeof name>
  }
}

/** A clock fixed at a Taipei wall-clock time ('2025-10-17 09:00'). */
export function fixedClock(taipei: string): Clock & { set(taipei: string): void } {
  let now = fromTaipei(taipei)
  const clock = (() => now) as Clock & { set(taipei: string): void }
  clock.set = (t) => (now = fromTaipei(t))
  return clock
}

function fromTaipei(text: string): Date {
  const [date, time = '00:00:00'] = text.split(' ')
  return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`)
}

/** Secrets kept in memory, where main keeps them encrypted by the OS. */
export function memorySecrets(): SecretStore {
  const kept = new Map<string, string>()
  return {
    available: () => true,
    get: async (key) => kept.get(key) ?? null,
    set: async (key, value) => void (value === null ? kept.delete(key) : kept.set(key, value)),
  }
}
