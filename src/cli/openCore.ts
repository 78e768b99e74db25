import { resolve } from 'node:path'
import { version } from '../../package.json'
import { createCore, type Core } from '../core'
import { isServerUrl, parseServerUrl } from '../core/db/postgres/target'
import { headlessHost } from '../core/host'
import { UsageError } from './command'

/**
 * The same core the app runs, on the DB named on the command line: a SQLite file, or the school's
 * server as `postgres://user@host:port/database` (add `?sslmode=require` for TLS). The password
 * comes from PGPASSWORD or ~/.pgpass, as psql reads it — never from the command line, where every
 * user of the PC could read it in the process list.
 */
export function openCore(db: string): Promise<Core> {
  if (!isServerUrl(db)) return createCore({ dbFile: resolve(db), host: headlessHost, version })
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
  return createCore({ dbFile: resolve('receipt-desk.sqlite'), server, host: headlessHost, version })
}
