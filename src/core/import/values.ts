import type { CadreLevel, CompetitionLevel, ConfirmationState, CreditCounted, ErrorType, Kind, PassState } from '../../shared/domain'
import { isSchoolYear, isSchoolYearNumber, isTerm } from '../../shared/terms'

// Cell values → one meaning. Files write the same thing many ways (codes or words,
// half- or full-width, ROC or Gregorian dates, numbers where text was meant); each
// normaliser accepts them all and returns either the value or a zh-TW reason.

/** What a reader hands over for one cell. Dates are wall-clock (UTC fields = Taipei time). */
export type Cell = string | number | boolean | Date | null

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string }
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value })
const bad = (reason: string): Parsed<never> => ({ ok: false, reason })

/** Full-width ASCII (U+FF01–U+FF5E) → ASCII; the ideographic space → a space. */
export function foldWidth(text: string): string {
  // Most cells hold no full-width character: skip the copy for them.
  if (!/[\uFF01-\uFF5E\u3000]/.test(text)) return text
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  )
}

/** Spaces at both ends, including U+3000 and no-break spaces (JS trim covers both). */
export const trimAll = (text: string) => text.trim()

/** A cell as the text a person would read in it (numbers without float noise). */
export function cellText(cell: Cell): string {
  if (cell === null) return ''
  if (typeof cell === 'string') return cell
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(+cell.toPrecision(15))
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE'
  return wallClockOf(cell)
}

/** Free text: trimmed, otherwise as written. Empty → null. */
export function text(cell: Cell): string | null {
  const t = trimAll(cellText(cell))
  return t === '' ? null : t
}

/** ="012345": how CSV exports make Excel keep an identifier's leading zeros. */
const EXCEL_TEXT_FORMULA = /^="(.*)"$/

/** Identifiers (學號, 座號, 身分證號, 班級, codes): text, leading zeros kept, full-width folded. */
export function identifier(cell: Cell): string | null {
  const folded = trimAll(foldWidth(cellText(cell)))
  const t = trimAll(EXCEL_TEXT_FORMULA.exec(folded)?.[1] ?? folded)
  return t === '' ? null : t
}

/** National IDs are written with upper-case letters. */
export function nationalId(cell: Cell): string | null {
  return identifier(cell)?.replace(/\s+/g, '').toUpperCase() ?? null
}

/** 座號 are two digits (01–40); a numeric cell (5) lost the zero Excel users typed. */
export function seat(cell: Cell): string | null {
  const t = identifier(cell)
  return t && /^\d$/.test(t) ? `0${t}` : t
}

export function number(cell: Cell): Parsed<number | null> {
  if (typeof cell === 'number') return ok(Number.isFinite(cell) ? cell : null)
  const t = identifier(cell)?.replace(/,/g, '')
  if (!t) return ok(null)
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return bad(`「${t}」不是數字`)
  return ok(Number(t))
}

/** A score where `-1` or 無成績 means none. */
export function score(cell: Cell): Parsed<number | null> {
  const t = identifier(cell)
  if (t === '無成績' || t === '-') return ok(null)
  const n = number(cell)
  return n.ok && n.value === -1 ? ok(null) : n
}

/** Looks a code or a word up in a table; blank → null. */
function decode<T>(table: Record<string, T>, what: string) {
  return (cell: Cell): Parsed<T | null> => {
    const t = identifier(cell)?.replace(/\s+/g, '')
    if (!t) return ok(null)
    const value = table[t]
    return value === undefined ? bad(`不認得的${what}「${t}」`) : ok(value)
  }
}

const passCode = decode<PassState>(
  { '1': 'pass', '0': 'fail', '-1': 'none', 及格: 'pass', 不及格: 'fail', 無成績: 'none' },
  '及格註記',
)
/** 成績及格 / 補考及格; a blank cell (no make-up exam taken) means none. */
export const passState = (cell: Cell): Parsed<PassState | null> => {
  const p = passCode(cell)
  return p.ok && p.value === null ? ok('none') : p
}

export const creditCounted = decode<CreditCounted>(
  { '1': 'counted', '2': 'notCounted', '3': 'noGrading', 採計學分: 'counted', 不採計學分: 'notCounted', 不需評分: 'noGrading' },
  '採計學分註記',
)

export const cadreLevel = decode<CadreLevel>(
  {
    '1': 'school', '2': 'class', '3': 'club', '4': 'internship', '5': 'external', '9': 'other',
    校級幹部: 'school', 班級幹部: 'class', 社團幹部: 'club', 實習幹部: 'internship',
    校外自治組織團體: 'external', 其他幹部: 'other', 校級: 'school', 班級: 'class', 社團: 'club',
    實習: 'internship', 其他: 'other',
  },
  '幹部等級',
)

export const competitionLevel = decode<CompetitionLevel>(
  {
    '1': 'school', '2': 'city', '3': 'national', '4': 'international', 校級: 'school', 縣市級: 'city',
    全國: 'national', 全國級: 'national', 國際: 'international', 國際級: 'international',
  },
  '競賽等級',
)

export const kind = decode<Kind>(
  {
    修課紀錄: 'course', 課程學習成果: 'outcome', 學習成果: 'outcome', 多元表現: 'performance',
    幹部經歷: 'cadre', 校內幹部經歷: 'cadre',
  },
  '項目',
)

export const errorType = decode<ErrorType>(
  { 資料有多: 'extra', 資料有少: 'missing', 資料有誤: 'wrong', 有多: 'extra', 有少: 'missing', 有誤: 'wrong' },
  '錯誤別',
)

const STATES: Record<string, ConfirmationState> = {
  未確認: 'unconfirmed', 空白: 'unconfirmed', 資料正確無誤: 'correct', 已確認: 'correct', 正確: 'correct',
  資料錯誤回報: 'reported', 已回報: 'reported', 錯誤回報: 'reported',
}
/** 確認狀態: blank means the student has not confirmed. */
export function confirmationState(cell: Cell): Parsed<ConfirmationState> {
  const t = identifier(cell)?.replace(/\s+/g, '')
  if (!t) return ok('unconfirmed')
  const state = STATES[t]
  return state ? ok(state) : bad(`不認得的確認狀態「${t}」`)
}

// ---- terms ----

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

// ---- dates ----

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)
const DAY_MS = 86_400_000
const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** A Date whose UTC fields are the wall-clock time (how exceljs hands over date cells). */
function wallClockOf(date: Date): string {
  const d = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
  const hasTime = date.getUTCHours() || date.getUTCMinutes() || date.getUTCSeconds()
  return hasTime ? `${d} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}` : d
}

interface DateParts {
  y: number
  m: number
  d: number
  time: { h: number; mi: number; s: number } | null
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate()
}

function fromSerial(serial: number): DateParts | null {
  // Excel's serials for 1900-03-01 onwards; earlier ones are not real dates here.
  if (!(serial > 60 && serial < 2_958_466)) return null
  const ms = Math.round((serial * DAY_MS) / 1000) * 1000
  const date = new Date(EXCEL_EPOCH_MS + ms)
  const seconds = date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds()
  return {
    y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate(),
    time: seconds ? { h: date.getUTCHours(), mi: date.getUTCMinutes(), s: date.getUTCSeconds() } : null,
  }
}

const TIME = /^(上午|下午|AM|PM)?\s*(\d{1,2})[:：](\d{1,2})(?:[:：](\d{1,2}))?\s*(上午|下午|AM|PM)?$/i

function parseTime(text: string): DateParts['time'] | undefined {
  const m = TIME.exec(text)
  if (!m) return undefined
  const marker = (m[1] ?? m[5])?.toUpperCase()
  let h = Number(m[2])
  const mi = Number(m[3])
  const s = Number(m[4] ?? 0)
  if (marker === '下午' || marker === 'PM') {
    if (h < 12) h += 12
  } else if ((marker === '上午' || marker === 'AM') && h === 12) {
    h = 0
  }
  if (h > 23 || mi > 59 || s > 59) return undefined
  return { h, mi, s }
}

function parseDateText(raw: string): DateParts | null {
  const t = foldWidth(raw).trim().replace(/\s+/g, ' ')
  // The date part, then an optional time (with 上午/下午 before or after it).
  const m =
    /^(\d{2,4})[/\-.年](\d{1,2})[/\-.月](\d{1,2})日?(?:[ T]?(.*))?$/.exec(t) ??
    /^(\d{2,4}?)(\d{2})(\d{2})(?:[ T](.*))?$/.exec(t)
  if (!m) return null
  let y = Number(m[1])
  // Four digits is Gregorian; two or three is the ROC year (114 → 2025).
  if (m[1].length <= 3) y += 1911
  const mo = Number(m[2])
  const d = Number(m[3])
  if (!validDate(y, mo, d)) return null
  const rest = (m[4] ?? '').trim()
  if (!rest) return { y, m: mo, d, time: null }
  const time = parseTime(rest)
  return time === undefined ? null : { y, m: mo, d, time }
}

function partsOf(cell: Cell): Parsed<DateParts | null> {
  if (cell === null || cell === '') return ok(null)
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return bad('日期無效')
    const hasTime = cell.getUTCHours() || cell.getUTCMinutes() || cell.getUTCSeconds()
    return ok({
      y: cell.getUTCFullYear(), m: cell.getUTCMonth() + 1, d: cell.getUTCDate(),
      time: hasTime ? { h: cell.getUTCHours(), mi: cell.getUTCMinutes(), s: cell.getUTCSeconds() } : null,
    })
  }
  if (typeof cell === 'number') {
    // 1141007 or 20251007 typed as a number are dates written without separators.
    if (Number.isInteger(cell) && cell >= 100_000) {
      const p = parseDateText(String(cell))
      if (p) return ok(p)
    }
    const p = fromSerial(cell)
    return p ? ok(p) : bad(`「${cell}」不是日期`)
  }
  const t = trimAll(String(cell))
  if (!t) return ok(null)
  // A serial typed or exported as text (45937, or 45937.5 with the time as the fraction); six or
  // more digits before any point are a date without separators (1141007, 20251007).
  if (/^\d{1,5}(\.\d+)?$/.test(t)) {
    const p = fromSerial(Number(t))
    if (p) return ok(p)
  }
  const p = parseDateText(t)
  return p ? ok(p) : bad(`「${t}」不是日期（例：114/10/07）`)
}

/** Any date a file may hold → 'YYYY-MM-DD' (a time, if any, is dropped). */
export function date(cell: Cell): Parsed<string | null> {
  const p = partsOf(cell)
  if (!p.ok) return p
  if (!p.value) return ok(null)
  const { y, m, d } = p.value
  return ok(`${pad(y, 4)}-${pad(m)}-${pad(d)}`)
}

/** A date with an optional time → Taipei 'YYYY-MM-DD HH:mm:ss' (or 'YYYY-MM-DD' when no time). */
export function dateTime(cell: Cell): Parsed<string | null> {
  const p = partsOf(cell)
  if (!p.ok) return p
  if (!p.value) return ok(null)
  const { y, m, d, time } = p.value
  const day = `${pad(y, 4)}-${pad(m)}-${pad(d)}`
  return ok(time ? `${day} ${pad(time.h)}:${pad(time.mi)}:${pad(time.s)}` : day)
}

/** Grade from the class: '201' → 2; '高二3' / '二年3班' → 2. */
export function gradeOfClass(className: string | null): number | null {
  if (!className) return null
  const digits = /^([1-6])\d{2}$/.exec(className)
  if (digits) return Number(digits[1])
  const word = /^(?:高)?([一二三])(?:年|\d|$)/.exec(className)
  return word ? ({ 一: 1, 二: 2, 三: 3 } as Record<string, number>)[word[1]] : null
}
