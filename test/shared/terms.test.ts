import { describe, expect, it } from 'vitest'
import { roundSaveSchema } from '../../src/shared/contract/rounds'
import { term, termFromFileName, termOf } from '../../src/core/import/values/terms'
import { termChoices } from '../../src/renderer/pages/import/labels'
import { isSchoolYear, isTerm, isTermOrYear, schoolYearAt, schoolYearOf, termLabel, termName } from '../../src/shared/terms'

// One rule for terms and school years, whichever door a term comes in by: a file's cell or
// name, the round form, the term picker, a reply's text.

const readTerm = (cell: string) => {
  const read = term(cell)
  return read.ok ? read.value : null
}
const roundTermAccepted = (value: string) =>
  roundSaveSchema.safeParse({
    name: '梯次', schoolYear: 114, terms: [{ kind: 'course', term: value }], investigationDays: 3,
    confirmStart: '114/10/07 08:00', confirmEnd: '114/10/16 17:00', fixStart: '114/10/17 00:00', fixEnd: '114/10/21 23:59',
    recheckStart: '114/10/22 08:00', recheckEnd: '114/10/23 10:30', disputeEnd: '114/10/23 10:30',
  }).success

describe('terms and school years', () => {
  it("reads '992' as 99 學年度第 2 學期 and '112' as the school year 112, never year 11's second term", () => {
    expect(termName('992')).toBe('99 學年度第 2 學期')
    expect(termLabel('1132')).toBe('113 學年度第 2 學期（1132）')
    expect(termName('112')).toBe('112 學年度')
    expect(termLabel('112')).toBe('112 學年度（整學年）')
    expect(readTerm('992')).toBe('992')
    expect(readTerm('112')).toBe('112')
  })

  it('refuses school years outside 90–200 everywhere: a cell, two columns, a file name, the round form', () => {
    for (const value of ['891', '2011', '89', '201']) {
      expect(isTermOrYear(value)).toBe(false)
      expect(readTerm(value)).toBeNull()
      expect(roundTermAccepted(value)).toBe(false)
    }
    expect(termOf('89', '1').ok).toBe(false)
    expect(termFromFileName('089_1_修課紀錄.xlsx')).toBeNull()
    expect(roundSaveSchema.safeParse({ schoolYear: 89 }).error?.issues.find((i) => i.path[0] === 'schoolYear')?.message)
      .toBe('學年度須為民國年，例如 114')
  })

  it('accepts the same terms in the round form as in a file: two- and three-digit years, whole years', () => {
    for (const value of ['992', '99', '1132', '113', '2002']) {
      expect(isTermOrYear(value)).toBe(true)
      expect(roundTermAccepted(value)).toBe(true)
    }
    expect(isTerm('1133')).toBe(false)
    expect(isSchoolYear('90') && isSchoolYear('200')).toBe(true)
  })

  it('starts a new school year on 1 August in Taipei, whatever time zone the PC keeps', () => {
    expect(schoolYearOf('2025-07-31 23:59:59')).toBe(113)
    expect(schoolYearOf('2025-08-01 00:00:00')).toBe(114)
    expect(schoolYearOf('2026-07-31 12:00:00')).toBe(114)
    // 2025-07-31 16:30 UTC is already 1 August 00:30 in Taipei.
    expect(schoolYearAt(new Date('2025-07-31T16:30:00Z'))).toBe(114)
    expect(schoolYearAt(new Date('2025-07-31T15:59:59Z'))).toBe(113)
  })

  it("offers the picker the last two school years' terms by Taipei's date", () => {
    expect(termChoices(false, new Date('2025-07-31T16:30:00Z'))).toEqual(['1121', '1122', '1131', '1132', '1141', '1142'])
    expect(termChoices(true, new Date('2025-07-31T15:00:00Z'))).toEqual([
      '111', '1111', '1112', '112', '1121', '1122', '113', '1131', '1132',
    ])
  })
})
