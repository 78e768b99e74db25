import type { roundCalls } from '../../shared/contract/rounds'
import { DEFAULT_DEADLINE_RULE } from '../../shared/deadlines'
import type { HandlersOf } from '../context'
import { requireOperator, ownerOf } from '../settings/store'
import { nowStamp } from '../time'
import { setCurrentRound, saveRound } from './edit'
import { phaseAt, phaseSchedule } from './phase'
import { ensureCurrentRound } from './store'
import { defaultRoundName, defaultTerms, defaultTimeline } from './timeline'
import { listRounds, roundTerms, sortTerms, toRoundView } from './view'

export const roundHandlers: HandlersOf<typeof roundCalls> = {
  'rounds.list': async (_input, { db }) => listRounds(db),

  'rounds.current': async (_input, { db, clock }) => {
    const round = await ensureCurrentRound(db, clock)
    const now = nowStamp(clock)
    return { round: toRoundView(round, await roundTerms(db, round.id)), now, phase: phaseAt(round, now), schedule: phaseSchedule(round) }
  },

  'rounds.defaults': async ({ schoolYear }) => {
    const t = defaultTimeline(schoolYear)
    return {
      name: defaultRoundName(schoolYear),
      schoolYear,
      confirmStart: t.confirm_start,
      confirmEnd: t.confirm_end,
      fixStart: t.fix_start,
      fixEnd: t.fix_end,
      recheckStart: t.recheck_start,
      recheckEnd: t.recheck_end,
      disputeEnd: t.dispute_end,
      investigationDays: 3,
      deadlineRule: DEFAULT_DEADLINE_RULE,
      terms: sortTerms(defaultTerms(schoolYear)),
    }
  },

  'rounds.save': async (input, ctx) => {
    const { store, clock } = ctx
    const operator = await requireOperator(ctx.db, ownerOf(ctx))
    return store.write(async (w) => {
      await w.begin()
      return saveRound(w.db, input, operator, nowStamp(clock))
    }, { operator })
  },

  'rounds.setCurrent': async ({ id }, ctx) => {
    const { store, clock } = ctx
    const operator = await requireOperator(ctx.db, ownerOf(ctx))
    return store.write(async (w) => {
      await w.begin()
      return setCurrentRound(w.db, id, operator, nowStamp(clock))
    }, { operator })
  },
}
