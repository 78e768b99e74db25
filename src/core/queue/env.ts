import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema'
import type { QueueEnv } from './filters'

type Db = Kysely<Database> | Transaction<Database>

/** "Since the last import" means since the latest confirmation-results import. */
export async function queueEnv(db: Db): Promise<QueueEnv> {
  const row = await db
    .selectFrom('import_batches')
    .select((eb) => eb.fn.max('imported_at').as('latest'))
    .where('file_kind', '=', 'confirmation')
    .executeTakeFirst()
  return { latestImportAt: row?.latest ?? null }
}
