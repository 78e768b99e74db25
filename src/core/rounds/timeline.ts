import { fromRocYear } from '../../shared/dates'
import type { Kind } from '../../shared/domain'
import type { Insertable } from 'kysely'
import type { RoundsTable } from '../db/schema'

/** The phase windows of one round, Taipei wall-clock text ('YYYY-MM-DD HH:mm:ss'). */
export type RoundTimeline = Pick<
  RoundsTable,
  'confirm_start' | 'confirm_end' | 'fix_start' | 'fix_end' | 'recheck_start' | 'recheck_end' | 'dispute_end'
>

/**
 * The seed handout's timeline (October 2025, ROC 114), shifted to another school year:
 * students confirm 10/07 08:00 – 10/16 17:00, the school fixes 10/17 – 10/21, students
 * re-check 10/22 08:00 – 10/23 10:30 and raise last disputes before 10/23 10:30.
 */
export function defaultTimeline(schoolYear: number): RoundTimeline {
  const y = fromRocYear(schoolYear)
  return {
    confirm_start: `${y}-10-07 08:00:00`,
    confirm_end: `${y}-10-16 17:00:00`,
    fix_start: `${y}-10-17 00:00:00`,
    fix_end: `${y}-10-21 23:59:59`,
    recheck_start: `${y}-10-22 08:00:00`,
    recheck_end: `${y}-10-23 10:30:00`,
    dispute_end: `${y}-10-23 10:30:00`,
  }
}

/**
 * The terms a round of school year Y confirms (as in the seed, Y = 114): the previous
 * year's second term for course records and cadre; both of its terms for learning
 * outcomes and multiple performances.
 */
export function defaultTerms(schoolYear: number): { kind: Kind; term: string }[] {
  const last = schoolYear - 1
  return [
    { kind: 'course', term: `${last}2` },
    { kind: 'cadre', term: `${last}2` },
    { kind: 'outcome', term: `${last}1` },
    { kind: 'outcome', term: `${last}2` },
    { kind: 'performance', term: `${last}1` },
    { kind: 'performance', term: `${last}2` },
  ]
}

/** What a round of a school year is called until the user renames it. */
export const defaultRoundName = (schoolYear: number) => `${schoolYear} 學年度收訖明細確認`

/** A new current round of a school year with the seed's timeline (its terms: `defaultTerms`). */
export function defaultRound(schoolYear: number, now: string): Insertable<RoundsTable> {
  return {
    name: defaultRoundName(schoolYear),
    school_year: schoolYear,
    ...defaultTimeline(schoolYear),
    is_current: 1,
    created_at: now,
    updated_at: now,
  }
}
