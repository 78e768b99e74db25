import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import {
  deadlineState, deadlineStateExpr, investigationDeadline, investigationDeadlineExpr, investigationDeadlineSql,
  itemAgeHours, itemDeadline,
} from '../../../src/core/rounds/deadline'
import { DEADLINE_STATE_COLORS, DEADLINE_STATES } from '../../../src/shared/domain'

const round = { investigation_days: 3, fix_end: '2025-10-21 23:59:59' }

describe('deadline colours (SLA)', () => {
  it('turns due today at midnight of the deadline day and overdue the second after the deadline', () => {
    const due = '2025-10-11 10:15:00'
    expect(deadlineState(due, '2025-10-10 23:59:59')).toBe('calm')
    expect(deadlineState(due, '2025-10-11 00:00:00')).toBe('dueToday')
    expect(deadlineState(due, '2025-10-11 10:15:00')).toBe('dueToday')
    expect(deadlineState(due, '2025-10-11 10:15:01')).toBe('overdue')
  })

  it('gives each state its own colour, defined once', () => {
    const fills = DEADLINE_STATES.map((s) => DEADLINE_STATE_COLORS[s].fill)
    expect(new Set(fills).size).toBe(3)
  })

  it('applies only to items still awaiting investigation', () => {
    const now = '2025-10-12 09:00:00'
    expect(itemDeadline({ status: 'new', reported_at: '2025-10-08 10:00:00' }, round, now)).toEqual({ deadline: '2025-10-11 10:00:00', state: 'overdue' })
    expect(itemDeadline({ status: 'checking', reported_at: '2025-10-12 08:00:00' }, round, now)).toEqual({ deadline: '2025-10-15 08:00:00', state: 'calm' })
    for (const status of ['corrected', 'resubmitted', 'closed', 'noChange', 'disputed'] as const) {
      expect(itemDeadline({ status, reported_at: '2025-10-08 10:00:00' }, round, now)).toBeNull()
    }
  })

  it('follows the investigation days configured on the round', () => {
    expect(itemDeadline({ status: 'new', reported_at: '2025-10-08 10:00:00' }, { ...round, investigation_days: 5 }, '2025-10-12 09:00:00'))
      .toEqual({ deadline: '2025-10-13 10:00:00', state: 'calm' })
  })

  it('tells an item its age in whole hours', () => {
    expect(itemAgeHours('2025-10-08 10:00:00', '2025-10-08 10:59:59')).toBe(0)
    expect(itemAgeHours('2025-10-08 10:00:00', '2025-10-11 11:00:00')).toBe(73)
    expect(itemAgeHours(null, '2025-10-11 11:00:00')).toBeNull()
  })
})

describe('the deadline rule in SQL, for the queue', () => {
  const sqlite = new BetterSqlite3(':memory:')
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) })
  const cases = ['2025-10-08 10:15:00', '2025-10-20 08:00:00', '2025-10-18 23:59:59', 'not a time', null]

  it('gives the same deadline as TypeScript, in the string and the kysely forms', async () => {
    for (const days of [3, 5]) {
      const r = { ...round, investigation_days: days }
      for (const reportedAt of cases) {
        const expected = investigationDeadline(reportedAt, r)
        const raw = sqlite.prepare(`SELECT ${investigationDeadlineSql('@at', r)} AS due`).get({ at: reportedAt }) as { due: string }
        expect(raw.due, String(reportedAt)).toBe(expected)
        const { rows } = await sql<{ due: string }>`SELECT ${investigationDeadlineExpr('t.at', r)} AS due FROM (SELECT ${reportedAt} AS at) t`.execute(db)
        expect(rows[0].due, String(reportedAt)).toBe(expected)
      }
    }
  })

  it('gives the same colour as TypeScript', async () => {
    const now = '2025-10-11 10:15:00'
    for (const reportedAt of ['2025-10-08 10:14:59', '2025-10-08 10:15:00', '2025-10-08 23:00:00', '2025-10-09 09:00:00']) {
      const { rows } = await sql<{ state: string }>`SELECT ${deadlineStateExpr(investigationDeadlineExpr('t.at', round), now)} AS state
        FROM (SELECT ${reportedAt} AS at) t`.execute(db)
      expect(rows[0].state, reportedAt).toBe(deadlineState(investigationDeadline(reportedAt, round), now))
    }
  })
})
