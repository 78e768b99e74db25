import type { z } from 'zod'
import type { roundSaveSchema, RoundView } from '../../shared/contract/rounds'
import type { Db } from '../db/store'
import { AppError } from '../errors'
import { findRound, roundTerms, toRoundView } from './view'

/** A round as the contract's schema has validated it (timestamps canonical, terms folded). */
export type ValidRound = z.output<typeof roundSaveSchema>

/**
 * Creates or edits a round: its windows, investigation days, deadline rule and the (kind, term) pairs it
 * confirms. The terms are replaced as a whole. Runs inside the caller's transaction.
 */
export async function saveRound(trx: Db, input: ValidRound, operator: string, now: string): Promise<RoundView> {
  const values = {
    name: input.name,
    school_year: input.schoolYear,
    confirm_start: input.confirmStart,
    confirm_end: input.confirmEnd,
    fix_start: input.fixStart,
    fix_end: input.fixEnd,
    recheck_start: input.recheckStart,
    recheck_end: input.recheckEnd,
    dispute_end: input.disputeEnd,
    investigation_days: input.investigationDays,
    deadline_rule: input.deadlineRule,
    updated_at: now,
    updated_by: operator,
  }
  let id: number
  if (input.id === undefined) {
    const row = await trx.insertInto('rounds').values({ ...values, created_at: now }).returning('id').executeTakeFirstOrThrow()
    id = row.id
  } else {
    const result = await trx.updateTable('rounds').set(values).where('id', '=', input.id).executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) throw new AppError('round-not-found', `找不到梯次（編號 ${input.id}），可能已被刪除。`)
    id = input.id
  }
  await trx.deleteFrom('round_terms').where('round_id', '=', id).execute()
  const unique = new Map(input.terms.map((t) => [`${t.kind}|${t.term}`, t]))
  await trx.insertInto('round_terms').values([...unique.values()].map((t) => ({ round_id: id, kind: t.kind, term: t.term }))).execute()
  return toRoundView(await findRound(trx, id), await roundTerms(trx, id))
}

/**
 * Makes one round the current one: later imports attach to it and the dashboard shows it.
 * Earlier rounds keep their data and stay readable.
 */
export async function setCurrentRound(trx: Db, id: number, operator: string, now: string): Promise<RoundView> {
  await findRound(trx, id)
  // The unique partial index allows one current round: clear the old one first.
  await trx.updateTable('rounds').set({ is_current: 0 }).where('is_current', '=', 1).where('id', '!=', id).execute()
  await trx.updateTable('rounds').set({ is_current: 1, updated_at: now, updated_by: operator }).where('id', '=', id).execute()
  return toRoundView(await findRound(trx, id), await roundTerms(trx, id))
}
