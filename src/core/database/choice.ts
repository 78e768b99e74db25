import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { serverSchema, type ServerConfig } from '../../shared/contract/database'

// Which database this PC works on, kept beside the local file as database.json (no password:
// that is kept by the host, encrypted by the OS). Read when the app starts.

export type DatabaseChoice = { kind: 'local' } | { kind: 'server'; server: ServerConfig }

const FILE = 'database.json'

export function readChoice(dataDir: string): DatabaseChoice {
  const path = join(dataDir, FILE)
  if (!existsSync(path)) return { kind: 'local' }
  try {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { kind?: string; server?: unknown }
    if (saved.kind !== 'server') return { kind: 'local' }
    return { kind: 'server', server: serverSchema.parse(saved.server) }
  } catch {
    return { kind: 'local' } // a damaged choice falls back to this PC's own data
  }
}

export function writeChoice(dataDir: string, choice: DatabaseChoice): void {
  const path = join(dataDir, FILE)
  const temp = `${path}.tmp-${process.pid}`
  writeFileSync(temp, JSON.stringify(choice, null, 2), { mode: 0o600 })
  renameSync(temp, path)
}

/** The name the server's password is kept under on this PC. */
export const passwordKey = (s: ServerConfig) => `postgres:${s.user}@${s.host}:${s.port}/${s.database}`
