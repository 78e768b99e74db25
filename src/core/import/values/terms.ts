import { isSchoolYear, isSchoolYearNumber, isTerm } from '../../../shared/terms'
import { bad, foldWidth, identifier, ok, type Cell, type Parsed } from './cells'

// Terms and school years as files write them ('113-2', '113學年度第2學期', '113下', a file
// name) → '1132' or '113', by the one rule of shared/terms.ts.

const TERM_WORDS: Record<string, string> = { 上: '1', 下: '2', 一: '1', 二: '2' }

/** Two or three digits naming a school year ('113', '095') → '113', '95'; anything else → null. */
function yearOfDigits(digits: string | null | undefined): string | null {
  const year = digits && /^\d{2,3}$/.test(digits) ? String(Number(digits)) : null
  return year && isSchoolYear(year) ? year : null
}

/**
 * '1132', '113-2', '113學年度第2學期', '113下' → '1132'; a school year alone ('113', '113學年度')
 * → '113', the whole year (whether a file may hold that is the converter's to say).
 */
export function term(cell: Cell): Parsed<string | null> {
  const t = identifier(cell)?.replace(/\s+/g, '')
  if (!t) return ok(null)
  const year = yearOfDigits(/^(\d{2,3})(?:學年度?)?$/.exec(t)?.[1])
  if (year) return ok(year)
  const m = /^(\d{2,3})(?:學年度?)?[-_/.]?(?:第)?([12上下一二])(?:學期)?$/.exec(t)
  const read = m && `${Number(m[1])}${TERM_WORDS[m[2]] ?? m[2]}`
  return read && isTerm(read) ? ok(read) : bad(`「${t}」不是學年度學期（例：1132）`)
}

/**
 * 實際修課學期: a whole term ('1131', as term() reads it), or — beside a 實際修課學年度 column —
 * the semester alone ('1', '上', '第1學期' → '1'), which the row's year completes.
 */
export function termOrSemester(cell: Cell): Parsed<string | null> {
  const t = identifier(cell)?.replace(/\s+|第|學期/g, '')
  if (t && /^[12上下一二]$/.test(t)) return ok(TERM_WORDS[t] ?? t)
  return term(cell)
}

/** A 學年度 cell: '113', 113, '113學年度' → '113'. */
export function schoolYear(cell: Cell): Parsed<string | null> {
  const y = identifier(cell)?.replace(/\s+|學年度?/g, '')
  if (!y) return ok(null)
  const read = yearOfDigits(y)
  return read ? ok(read) : bad(`「${y}」不是學年度`)
}

/** Separate 學年度 and 學期 columns. */
export function termOf(year: Cell, semester: Cell): Parsed<string | null> {
  const y = identifier(year)?.replace(/\s+|學年度?/g, '')
  const s = identifier(semester)?.replace(/\s+|第|學期/g, '')
  if (!y && !s) return ok(null)
  const read = yearOfDigits(y)
  if (!read) return bad(`「${y ?? ''}」不是學年度`)
  const half = s ? (TERM_WORDS[s] ?? s) : ''
  if (half !== '1' && half !== '2') return bad(`「${s ?? ''}」不是學期（1 或 2）`)
  return ok(`${read}${half}`)
}

/** The term a file name carries: '113_2_修課紀錄.xlsx', '1132幹部.csv', '113學年度第2學期…'. */
export function termFromFileName(fileName: string): string | null {
  const name = foldWidth(fileName)
  const m =
    /(?<!\d)(\d{3})\s*學年度?\s*第?\s*([12上下])\s*學期/.exec(name) ??
    /(?<!\d)(\d{3})[-_ .]?([12])(?!\d)/.exec(name)
  if (!m) return null
  const year = Number(m[1])
  return isSchoolYearNumber(year) ? `${year}${TERM_WORDS[m[2]] ?? m[2]}` : null
}

/**
 * The school year a file name carries with no term: '113_學生自填多元表現名冊.xlsx' (the year
 * leading the name), '113學年度多元表現.xlsx'. A number elsewhere (a class, 201班) is not one.
 */
export function schoolYearFromFileName(fileName: string): string | null {
  if (termFromFileName(fileName)) return null
  const name = foldWidth(fileName)
  const m = /^(\d{3})(?=[-_ .(（]|學年)/.exec(name) ?? /(?<!\d)(\d{3})\s*學年度?/.exec(name)
  return m && isSchoolYear(m[1]) ? m[1] : null
}
