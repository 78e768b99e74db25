import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect as KyselyDialect,
  type Driver,
} from 'kysely'
import type { AppError } from '../errors'
import { postgresDialect } from './dialect'
import type { Database } from './schema'
import type { Store } from './store'

/** A driver with no connection: every query fails with why the server cannot be reached. */
class NoConnectionDriver implements Driver {
  constructor(private readonly why: AppError) {}
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    throw this.why
  }
  async beginTransaction() {}
  async commitTransaction() {}
  async rollbackTransaction() {}
  async releaseConnection() {}
  async destroy() {}
}

/**
 * The store of a server that could not be reached when the app started (or switched to it):
 * every query fails with the zh-TW reason, so that every page can say why and 設定 → 資料庫 still
 * works; core tries the server again as the pages poll (database/handlers.ts).
 */
export function unavailableStore(location: string, why: AppError): Store {
  const dialect: KyselyDialect = {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new NoConnectionDriver(why),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  }
  const fail = async (): Promise<never> => {
    throw why
  }
  return {
    backend: 'postgres',
    db: new Kysely<Database>({ dialect }),
    dialect: postgresDialect,
    location,
    file: null,
    unavailable: why,
    read: fail,
    write: fail,
    changes: fail,
    explain: () => null,
    close: async () => undefined,
  }
}
