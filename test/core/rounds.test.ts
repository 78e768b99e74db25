import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ensureCurrentRound, getCurrentRound } from '../../src/core/rounds/store'
import { fixedClock, tempCore, type TempCore } from '../helpers/tempCore'

describe('the current round', () => {
  let t: TempCore
  beforeEach(async () => (t = await tempCore({ clock: fixedClock('2025-10-09 09:00') })))
  afterEach(() => t.cleanup())

  it('exists from the first start, with the seed timeline and terms of the school year', async () => {
    const current = await getCurrentRound(t.core.ctx.db)
    expect(current).toMatchObject({
      name: '114 學年度收訖明細確認', school_year: 114, confirm_end: '2025-10-16 17:00:00',
      recheck_start: '2025-10-22 08:00:00', recheck_end: '2025-10-23 10:30:00', investigation_days: 3,
      deadline_rule: 'fromFixStart',
    })
    const terms = await t.core.ctx.db.selectFrom('round_terms').select(['kind', 'term']).orderBy(['kind', 'term']).execute()
    expect(terms).toEqual([
      { kind: 'cadre', term: '1132' }, { kind: 'course', term: '1132' }, { kind: 'outcome', term: '1131' },
      { kind: 'outcome', term: '1132' }, { kind: 'performance', term: '1131' }, { kind: 'performance', term: '1132' },
    ])
    // Idempotent: asking again does not make a second round.
    expect((await ensureCurrentRound(t.core.ctx.db, t.core.ctx.clock)).id).toBe(current!.id)
  })
})
