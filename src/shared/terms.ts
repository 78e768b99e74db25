import { toRocYear, toTaipeiTimestamp } from './dates'

// Terms and school years as every layer writes them: '1132' is 113 學年度第 2 學期; '113' is
// the whole school year 113 — a year-level file's records (113_學生自填多元表現名冊.xlsx) belong
// to both its terms' reports (DESIGN.md §1). ROC years run 90–200 here, so the two never meet:
// '112' is the year 112, never "year 11, term 2"; '992' is 99 學年度第 2 學期.

/** The first and last ROC school years a term, a file or a round may name. */
export const FIRST_SCHOOL_YEAR = 90
export const LAST_SCHOOL_YEAR = 200

/** A school year as a number (113), within the years above. */
export const isSchoolYearNumber = (year: number) =>
  Number.isInteger(year) && year >= FIRST_SCHOOL_YEAR && year <= LAST_SCHOOL_YEAR

export const isSchoolYear = (value: string) => /^\d{2,3}$/.test(value) && isSchoolYearNumber(Number(value))

export const isTerm = (value: string) => /^\d{2,3}[12]$/.test(value) && isSchoolYearNumber(Number(value.slice(0, -1)))

/** A term the user may choose for a file: one term, or a whole school year. */
export const isTermOrYear = (value: string) => isTerm(value) || isSchoolYear(value)

/** '1132' → '113'; a school year is its own. */
export const yearOfTerm = (termOrYear: string) => (isTerm(termOrYear) ? termOrYear.slice(0, -1) : termOrYear)

/**
 * The terms whose records belong to a report of this term: its own and its school year's
 * year-level ones ('1132' → 1132, 113); for a whole year, the year and both its terms.
 */
export function termsWithRecordsFor(termOrYear: string): string[] {
  const year = yearOfTerm(termOrYear)
  return isTerm(termOrYear) ? [termOrYear, year] : [year, `${year}1`, `${year}2`]
}

/** '1132' → '113 學年度第 2 學期'; a whole year '113' → '113 學年度'. */
export const termName = (termOrYear: string) =>
  isTerm(termOrYear) ? `${termOrYear.slice(0, -1)} 學年度第 ${termOrYear.slice(-1)} 學期` : `${termOrYear} 學年度`

/** '113 學年度第 2 學期（1132）', '113 學年度（整學年）'. */
export const termLabel = (termOrYear: string) =>
  isTerm(termOrYear) ? `${termName(termOrYear)}（${termOrYear}）` : `${termName(termOrYear)}（整學年）`

/**
 * The ROC school year a Taipei date ('YYYY-MM-DD…') falls in: a school year starts on 1 August,
 * so 2025-07-31 is still 113 and 2025-08-01 is 114.
 */
export function schoolYearOf(taipeiTimestamp: string): number {
  const [year, month] = taipeiTimestamp.split('-').map(Number)
  return toRocYear(month >= 8 ? year : year - 1)
}

/** The school year it is in Taipei at this instant, whatever time zone the PC keeps. */
export const schoolYearAt = (instant: Date) => schoolYearOf(toTaipeiTimestamp(instant))
