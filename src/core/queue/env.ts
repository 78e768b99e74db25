import type { Kysely, Transaction } from 'kysely'
import type { Database, Round } from '../db/schema'
import { getCurrentRound } from '../rounds/store'
import { roundTerms } from '../rounds/view'
import type { QueueEnv } from './filters'

type Db = Kysely<Database> | Transaction<Database>

/**
 * What the queue's SQL needs besides the filter: the latest confirmation import ("new or
 * changed since the last import"), the current round and its kind × terms (investigation
 * deadlines), and now (core's clock).
 */
export async function queueEnv(db: Db, now: string): Promise<QueueEnv> {
  const [latest, round] = await Promise.all([
    db
      .selectFrom('import_batches')
      .select((eb) => eb.fn.max('imported_at').as('latest'))
      .where('file_kind', '=', 'confirmation')
      .executeTakeFirst(),
    getCurrentRound(db),
  ])
  return {
    latestImportAt: latest?.latest ?? null,
    round: round ? { round, terms: (await roundTerms(db, round.id)).map((t) => `${t.kind}|${t.term}`) } : null,
    now,
  }
}

export type RoundScope = { round: Round; terms: string[] }
