import type { Database, Round } from '../db/schema'
import type { Db } from '../db/store'
import { nowStamp, type Clock } from '../time'
import { schoolYearOf } from '../../shared/terms'
import { defaultRound, defaultTerms } from './timeline'

export async function getCurrentRound(db: Db): Promise<Round | undefined> {
  return db.selectFrom('rounds').selectAll().where('is_current', '=', 1).executeTakeFirst()
}

/**
 * Every DB has a current round: on first start, the one of the school year the clock is
 * in, with the seed's timeline and terms; staff adjust it in 設定.
 */
export async function ensureCurrentRound(db: Db, clock: Clock): Promise<Round> {
  const current = await getCurrentRound(db)
  if (current) return current
  const now = nowStamp(clock)
  const schoolYear = schoolYearOf(now)
  const round = await db
    .insertInto('rounds')
    .values(defaultRound(schoolYear, now))
    .returningAll()
    .executeTakeFirstOrThrow()
  await db
    .insertInto('round_terms')
    .values(defaultTerms(schoolYear).map((t) => ({ round_id: round.id, ...t })))
    .execute()
  return round
}
