import type { RoundTerm, RoundView } from '../../shared/contract/rounds'
import { KINDS } from '../../shared/domain'
import type { Database, Round } from '../db/schema'
import type { Db } from '../db/store'
import { AppError } from '../errors'

/** Kinds in the app's order, terms ascending: the order every grid and form shows them in. */
export function sortTerms(terms: RoundTerm[]): RoundTerm[] {
  return [...terms].sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.term.localeCompare(b.term))
}

export function toRoundView(round: Round, terms: RoundTerm[]): RoundView {
  return {
    id: round.id,
    name: round.name,
    schoolYear: round.school_year,
    confirmStart: round.confirm_start,
    confirmEnd: round.confirm_end,
    fixStart: round.fix_start,
    fixEnd: round.fix_end,
    recheckStart: round.recheck_start,
    recheckEnd: round.recheck_end,
    disputeEnd: round.dispute_end,
    investigationDays: round.investigation_days,
    deadlineRule: round.deadline_rule,
    isCurrent: round.is_current === 1,
    terms: sortTerms(terms),
    updatedAt: round.updated_at,
    updatedBy: round.updated_by,
  }
}

/** Every round, the newest school year first. */
export async function listRounds(db: Db): Promise<RoundView[]> {
  const rounds = await db.selectFrom('rounds').selectAll().orderBy('school_year', 'desc').orderBy('id', 'desc').execute()
  const terms = await db.selectFrom('round_terms').select(['round_id', 'kind', 'term']).execute()
  return rounds.map((r) => toRoundView(r, terms.filter((t) => t.round_id === r.id)))
}

export async function roundTerms(db: Db, roundId: number): Promise<RoundTerm[]> {
  return sortTerms(await db.selectFrom('round_terms').select(['kind', 'term']).where('round_id', '=', roundId).execute())
}

/** A round by id, or the current one when no id is given. */
export async function findRound(db: Db, roundId?: number): Promise<Round> {
  let query = db.selectFrom('rounds').selectAll()
  query = roundId === undefined ? query.where('is_current', '=', 1) : query.where('id', '=', roundId)
  const round = await query.executeTakeFirst()
  if (!round) throw new AppError('round-not-found', roundId === undefined ? '目前沒有設定中的梯次，請到「設定」建立一個。' : `找不到梯次（編號 ${roundId}）。`)
  return round
}
