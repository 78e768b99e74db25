import { join, resolve } from 'node:path'
import { version } from '../../package.json'
import { createCore, isServerUrl, parseServerUrl, type Core } from '../core'
import type { Host } from '../core/host'
import { UsageError } from './command'

/** Who an import from the command line is recorded under, when 設定 has no operator. */
export const CLI_OPERATOR = '命令列'

/**
 * The command line as core's host: nobody to ask, so the file a command saves to is the one named
 * on it (--out), no import dialog, no secret kept (PGPASSWORD or ~/.pgpass instead).
 */
function commandLineHost(savePath: string | undefined): Host {
  return {
    pickImportFiles: async () => [],
    pickSavePath: async () => savePath ?? null,
    unattendedOperator: CLI_OPERATOR,
    // Bundled beside the CLI (scripts/buildCli.cjs; the CLI only runs bundled).
    importWorker: join(__dirname, 'importWorker.js'),
  }
}

/**
 * The same core the app runs, on the DB named on the command line: a SQLite file, or the school's
 * server as `postgres://user@host:port/database` (add `?sslmode=require` for TLS). The password
 * comes from PGPASSWORD or ~/.pgpass, as psql reads it — never from the command line, where every
 * user of the PC could read it in the process list.
 */
export function openCore(db: string, options: { savePath?: string } = {}): Promise<Core> {
  const host = commandLineHost(options.savePath)
  if (!isServerUrl(db)) return createCore({ dbFile: resolve(db), host, version })
  let server
  try {
    server = parseServerUrl(db)
  } catch (error) {
    if ((error as Error).message === 'password-in-url') {
      throw new UsageError('請不要把密碼寫在 --db 裡（其他人可以從程序清單看到）：請改用環境變數 PGPASSWORD 或 ~/.pgpass。')
    }
    throw new UsageError(`--db 的伺服器網址不正確：${db}`)
  }
  // The file is never opened on a server; it names where backups would go (none are taken there).
  return createCore({ dbFile: resolve('receipt-desk.sqlite'), server, host, version })
}
