import type { Kysely, Transaction } from 'kysely'
import type { Database, Round } from '../db/schema'
import { getCurrentRound } from '../rounds/store'
import { roundTerms } from '../rounds/view'
import { searchQuery, type QueueEnv } from './filters'

type Db = Kysely<Database> | Transaction<Database>

/**
 * What the queue's SQL needs besides the filter: the latest confirmation import ("new or
 * changed since the last import"), the current round and its kind × terms (investigation
 * deadlines), now (core's clock), and the items a search matches — resolved once here rather
 * than once in each of the call's queries.
 */
export async function queueEnv(db: Db, now: string, search = ''): Promise<QueueEnv> {
  const query = searchQuery(search)
  const searchIds = query ? (await query.execute(db)).rows.map((r) => r.id) : null
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
    searchIds,
  }
}

export type RoundScope = { round: Round; terms: string[] }
