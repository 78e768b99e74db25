import { z } from 'zod'
import { call } from './define'

// 設定 → 資料庫: this PC's file (the default), or the school's PostgreSQL server that the sections'
// PCs share. The password never travels back to the page; main keeps it with Electron's
// safeStorage when the clerk asks it to be remembered.

export const serverSchema = z.object({
  host: z.string().trim().min(1, '請填寫伺服器位址').max(255),
  port: z.coerce.number().int('連接埠須為整數').min(1, '連接埠須為 1–65535').max(65535, '連接埠須為 1–65535').default(5432),
  database: z.string().trim().min(1, '請填寫資料庫名稱').max(63, '資料庫名稱最多 63 字'),
  user: z.string().trim().min(1, '請填寫帳號').max(63, '帳號最多 63 字'),
  tls: z.boolean().default(false),
})
export type ServerConfig = z.output<typeof serverSchema>

/** A password as typed; absent = the one remembered on this PC (or none). */
const password = z.string().max(200).optional()

export type DatabaseKind = 'local' | 'server'

/** The engine under the data: this PC's SQLite file, or a PostgreSQL server. */
export type Backend = 'sqlite' | 'postgres'

export interface DatabaseStatus {
  kind: DatabaseKind
  /** The file's path, or user@host:port/database. */
  location: string
  /** The server in use (or last chosen); null on the file. */
  server: ServerConfig | null
  /** False when the server cannot be reached now: every page shows why, and 設定 still works. */
  connected: boolean
  /** Why not (zh-TW), when not connected. */
  problem: string | null
  /** A password for this server is kept on this PC (encrypted by the OS). */
  passwordSaved: boolean
  /** This PC can keep a password safely (Electron's safeStorage is available). */
  canRememberPassword: boolean
}

/** How a server database compares with this version of the app. */
export type ServerSchema = 'empty' | 'current' | 'older' | 'newer'

export interface ConnectionTest {
  ok: boolean
  /** What was found or what is wrong, in zh-TW. */
  message: string
  schema: ServerSchema | null
  /** Whether the server's database already holds a school's data (students, imports). */
  hasData: boolean
}

export interface CopiedTable {
  table: string
  /** zh-TW name of what the rows are. */
  label: string
  rows: number
}

/** What changed last, and by whom: the page polls it to show other PCs' work. */
export interface ChangeState {
  seq: number
  at: string | null
  operator: string | null
  connected: boolean
  problem: string | null
}

export const databaseCalls = {
  'database.status': call(z.object({})).returns<DatabaseStatus>(),
  /** Tries the server: reachable, password, database, schema version — without switching to it. */
  'database.test': call(z.object({ server: serverSchema, password })).returns<ConnectionTest>(),
  /** Works on the server from now on (and after a restart); refused while an import runs. */
  'database.useServer': call(z.object({ server: serverSchema, password, rememberPassword: z.boolean().default(true) })).returns<DatabaseStatus>(),
  /** Back to this PC's file. */
  'database.useLocal': call(z.object({})).returns<DatabaseStatus>(),
  /** Copies this PC's file into an empty server database, history included, in one transaction: a job. */
  'database.copyToServer': call(z.object({ server: serverSchema, password })).returns<{ jobId: string }>(),
  'sync.changes': call(z.object({})).returns<ChangeState>(),
}
