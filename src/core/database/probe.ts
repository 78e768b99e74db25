import { sql } from 'kysely'
import type { ConnectionTest, ServerConfig, ServerSchema } from '../../shared/contract/database'
import { appliedMigrations } from '../db/migrate'
import { migrations } from '../db/migrations'
import { openStore } from '../db/open'
import { serverHoldsData } from '../db/transfer'
import { AppError } from '../errors'
import type { Clock } from '../time'
import { serverTarget } from './connect'

/** PostgreSQL 15 or later (MERGE-era planner, COLLATE "C" as every supported version has, and what Debian 12 ships). */
const MIN_SERVER_VERSION = 150000

/**
 * 「測試連線」: reaches the server, logs in, and reads what the database holds — without creating
 * or changing anything. Says in zh-TW what is wrong (unreachable, password, no such database, a
 * newer version's schema, no right to create tables) or what using it will do.
 */
export async function testServer(server: ServerConfig, password: string | undefined, clock: Clock): Promise<ConnectionTest> {
  const store = await openStore({ kind: 'server', server: serverTarget(server, password) }, clock)
  try {
    const info = await sql<{ version: number; can_create: boolean }>`SELECT current_setting('server_version_num')::integer AS version,
      has_schema_privilege(current_user, 'public', 'CREATE') AS can_create`.execute(store.db)
    const { version, can_create: canCreate } = info.rows[0]
    if (version < MIN_SERVER_VERSION) {
      return fail(`伺服器是 PostgreSQL ${Math.floor(version / 10000)}，收訖回報工作台需要 15 以上。請資訊組升級伺服器。`)
    }
    const applied = await appliedMigrations(store.db)
    const known = Object.keys(migrations)
    const schema: ServerSchema = applied.length === 0 ? 'empty'
      : applied.some((m) => !known.includes(m)) ? 'newer'
      : applied.length < known.length ? 'older' : 'current'
    const hasData = schema === 'empty' ? false : await serverHoldsData(store)
    if (schema === 'newer') {
      return { ...fail('伺服器上的資料由較新版本的收訖回報工作台建立：請先更新這台電腦的程式，再連線。'), schema, hasData }
    }
    if (!canCreate && schema !== 'current') {
      return { ...fail(`帳號「${server.user}」不能在這個資料庫建立資料表。請資訊組把資料庫的擁有者設為這個帳號（見說明文件）。`), schema, hasData }
    }
    const message = {
      empty: '可以連線。這個資料庫還是空的：改用它時會建立資料表；也可以先把這台電腦的資料搬過去。',
      older: '可以連線。伺服器上的資料由較舊版本建立，改用它時會自動升級。',
      current: hasData ? '可以連線。伺服器上已有這所學校的資料。' : '可以連線。伺服器上的資料庫已準備好，還沒有學校的資料。',
    }[schema]
    return { ok: true, message, schema, hasData }
  } catch (error) {
    const why = store.explain(error) ?? (error instanceof AppError ? error : null)
    if (!why) throw error
    return fail(why.message)
  } finally {
    await store.close()
  }
}

const fail = (message: string): ConnectionTest => ({ ok: false, message, schema: null, hasData: false })
