import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { deadlineState, investigationDeadline, investigationDeadlineSql } from '../../src/core/rounds/deadline'
import { ensureCurrentRound, getCurrentRound } from '../../src/core/rounds/store'
import { schoolYearOf } from '../../src/core/rounds/timeline'
import { fixedClock, tempCore, type TempCore } from '../helpers/tempCore'

const round = { investigation_days: 3, fix_end: '2025-10-21 23:59:59' }

describe('investigation deadline', () => {
  it('is three days after the report, or the end of the fix window if that comes first', () => {
    expect(investigationDeadline('2025-10-08 10:15:00', round)).toBe('2025-10-11 10:15:00')
    expect(investigationDeadline('2025-10-16 16:59:00', round)).toBe('2025-10-19 16:59:00')
    expect(investigationDeadline('2025-10-20 08:00:00', round)).toBe('2025-10-21 23:59:59')
    expect(investigationDeadline(null, round)).toBe('2025-10-21 23:59:59')
    expect(investigationDeadline('2025-10-08 10:15:00', { ...round, investigation_days: 5 })).toBe('2025-10-13 10:15:00')
  })

  it('gives the same answer in SQL as in TypeScript', () => {
    const db = new BetterSqlite3(':memory:')
    for (const reportedAt of ['2025-10-08 10:15:00', '2025-10-20 08:00:00', null]) {
      const row = db.prepare(`SELECT ${investigationDeadlineSql('@at', round)} AS due`).get({ at: reportedAt }) as { due: string }
      expect(row.due).toBe(investigationDeadline(reportedAt, round))
    }
  })

  it('is calm, due today or overdue against the Taipei clock', () => {
    expect(deadlineState('2025-10-11 10:15:00', '2025-10-10 18:00:00')).toBe('calm')
    expect(deadlineState('2025-10-11 10:15:00', '2025-10-11 08:00:00')).toBe('dueToday')
    expect(deadlineState('2025-10-11 10:15:00', '2025-10-11 10:15:01')).toBe('overdue')
  })
})

describe('the current round', () => {
  let t: TempCore
  beforeEach(async () => (t = await tempCore({ clock: fixedClock('2025-10-09 09:00') })))
  afterEach(() => t.cleanup())

  it('exists from the first start, with the seed timeline and terms of the school year', async () => {
    const current = await getCurrentRound(t.core.ctx.db)
    expect(current).toMatchObject({
      name: '114 學年度收訖明細確認', school_year: 114, confirm_end: '2025-10-16 17:00:00',
      recheck_start: '2025-10-22 08:00:00', recheck_end: '2025-10-23 10:30:00', investigation_days: 3,
    })
    const terms = await t.core.ctx.db.selectFrom('round_terms').select(['kind', 'term']).orderBy(['kind', 'term']).execute()
    expect(terms).toEqual([
      { kind: 'cadre', term: '1132' }, { kind: 'course', term: '1132' }, { kind: 'outcome', term: '1131' },
      { kind: 'outcome', term: '1132' }, { kind: 'performance', term: '1131' }, { kind: 'performance', term: '1132' },
    ])
    // Idempotent: asking again does not make a second round.
    expect((await ensureCurrentRound(t.core.ctx.db, t.core.ctx.clock)).id).toBe(current!.id)
  })

  it('takes the school year from 1 August', () => {
    expect(schoolYearOf('2025-07-31 23:59:59')).toBe(113)
    expect(schoolYearOf('2025-08-01 00:00:00')).toBe(114)
    expect(schoolYearOf('2026-03-01 12:00:00')).toBe(114)
  })
})
