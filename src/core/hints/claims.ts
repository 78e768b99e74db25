import { PASS_STATE_LABELS, type PassState } from '../../shared/domain'
import type { ErrorType, Kind } from '../../shared/domain'
import type { HintState } from '../../shared/hints'
import { longestCommonRun, normalise, titleCore } from '../records/match'
import { hintText, type Lexicon, type Mention } from './lexicon'

// A hint from the records: for one report item, what the student's submitted records of that
// kind and term say about what its reason names — 「資料有少：少了體育」 but 體育 is there →
// 「資料中已有體育（69 分，及格）」; 「資料有多：多了一筆物理」 → 「資料中只有 1 筆物理」; a subject
// the records do not hold → 「資料中沒有此科目」; a reason naming nothing the app knows → none.
// Pure: the item, the student's rows and what the school's records name in; the hint out.

export interface CourseRow { name: string; sheet: string; score: number | null; passed: PassState | null }
export interface OutcomeRow { name: string }
export interface CadreRow { role: string; unit: string }
export interface PerformanceRow { title: string; category: string }

export type StudentRows =
  | { kind: 'course'; rows: CourseRow[] }
  | { kind: 'outcome'; rows: OutcomeRow[] }
  | { kind: 'cadre'; rows: CadreRow[] }
  | { kind: 'performance'; rows: PerformanceRow[] }

/** What the school's records name, per kind family (hints/vocabulary.ts). */
export interface Vocabulary {
  subjects: Lexicon
  cadre: Lexicon
  /** Every performance title: normalised → as written. */
  titles: Map<string, string>
}

export interface Hint {
  state: Exclude<HintState, 'none'>
  text: string
}

/** One thing the reason names, and whether the records hold it. */
type Claim<R> = { held: R[]; name: string } | { held: null; name: string }

const NOUN: Record<Kind, string> = { course: '科目', outcome: '科目的成果', cadre: '職務', performance: '項目' }

export function hintFor(item: { errorType: ErrorType; reason: string }, student: StudentRows, vocabulary: Vocabulary): Hint | null {
  const text = hintText(item.reason)
  switch (student.kind) {
    case 'course': return compose(item.errorType, 'course', subjectClaims(text, student.rows, vocabulary), courseHeld)
    case 'outcome': return compose(item.errorType, 'outcome', subjectClaims(text, student.rows, vocabulary), outcomeHeld)
    case 'cadre': return compose(item.errorType, 'cadre', cadreClaims(text, student.rows, vocabulary), cadreHeld)
    case 'performance': return compose(item.errorType, 'performance', performanceClaims(text, student.rows, vocabulary), performanceHeld)
  }
}

/** How a claim about held rows reads, for an item of this error type. */
type HeldText<R> = (rows: R[], errorType: ErrorType) => string

function compose<R>(errorType: ErrorType, kind: Kind, claims: Claim<R>[], held: HeldText<R>): Hint | null {
  if (claims.length === 0) return null
  const texts = claims.map((c) => {
    if (c.held) return held(c.held, errorType)
    return claims.length === 1 ? `資料中沒有此${NOUN[kind]}` : `資料中沒有${c.name}${kind === 'outcome' ? '的成果' : ''}`
  })
  const present = claims.filter((c) => c.held).length
  return { state: present === claims.length ? 'present' : present === 0 ? 'absent' : 'mixed', text: texts.join('；') }
}

/** 「多了…」: how many there are is the point; otherwise, what is there. */
const counted = (n: number, unit: string, what: string) => (n === 1 ? `資料中只有 1 ${unit}${what}` : `資料中有 ${n} ${unit}${what}`)

const courseHeld: HeldText<CourseRow> = (rows, errorType) => {
  if (errorType === 'extra') return counted(rows.length, '筆', rows[0].name)
  const detail = (r: CourseRow) =>
    `${r.sheet === '學期成績' ? '' : `${r.sheet} `}${r.score === null ? '無成績' : `${r.score} 分`}` +
    (r.score !== null && r.passed && r.passed !== 'none' ? `，${PASS_STATE_LABELS[r.passed]}` : '')
  return `資料中已有${rows[0].name}（${rows.map(detail).join('；')}）`
}

const outcomeHeld: HeldText<OutcomeRow> = (rows, errorType) =>
  errorType === 'extra' ? counted(rows.length, '件', `${rows[0].name}的成果`) : `資料中已有${rows[0].name}的成果（${rows.length} 件）`

const cadreHeld: HeldText<CadreRow> = (rows, errorType) =>
  errorType === 'extra' && rows.length === 1
    ? `資料中只有 1 筆${rows[0].unit}${rows[0].role}`
    : `資料中${errorType === 'extra' ? `有 ${rows.length} 筆：` : '已有'}${rows.map((r) => `${r.unit}${r.role}`).join('、')}`

const performanceHeld: HeldText<PerformanceRow> = (rows, errorType) =>
  errorType === 'extra'
    ? counted(rows.length, '筆', `「${rows[0].title}」`)
    : `資料中已有「${rows[0].title}」（${rows[0].category}${rows.length > 1 ? `，${rows.length} 筆` : ''}）`

/**
 * Subjects: each mention is held when the student has a row of a name it may stand for (數學 →
 * their 數學A); else the records lack it — when it names a subject exactly, or a part of one not
 * followed by more of a name. One claim per subject held.
 */
function subjectClaims<R extends { name: string }>(text: string, rows: R[], vocabulary: Vocabulary): Claim<R>[] {
  const claims: Claim<R>[] = []
  const said = new Set<string>()
  for (const mention of vocabulary.subjects.mentions(text)) {
    const names = new Set(mention.names.map((n) => n.name))
    const held = rows.filter((r) => names.has(r.name))
    if (held.length > 0) {
      for (const name of new Set(held.map((r) => r.name))) {
        if (!said.has(name)) claims.push({ held: held.filter((r) => r.name === name), name })
        said.add(name)
      }
      continue
    }
    const name = mention.names.find((n) => n.exact)?.name ?? mention.text
    if (!said.has(name)) claims.push({ held: null, name })
    said.add(name)
  }
  return claims
}

/**
 * Cadre: a role, with the unit when the reason names one too (熱音社社長 is held only by a row of
 * both); a unit alone when no role is named.
 */
function cadreClaims(text: string, rows: CadreRow[], vocabulary: Vocabulary): Claim<CadreRow>[] {
  const mentions = vocabulary.cadre.mentions(text)
  const namesOf = (m: Mention, field: 'role' | 'unit') => m.names.filter((n) => n.field === field).map((n) => n.name)
  const roles = mentions.filter((m) => namesOf(m, 'role').length > 0)
  const units = mentions.flatMap((m) => namesOf(m, 'unit'))
  const unitText = mentions.filter((m) => namesOf(m, 'unit').length > 0).map((m) => m.text).join('')
  if (roles.length === 0) {
    if (units.length === 0) return []
    const held = rows.filter((r) => units.includes(r.unit))
    return [held.length ? { held, name: unitText } : { held: null, name: unitText }]
  }
  return roles.map((m) => {
    const named = namesOf(m, 'role')
    const held = rows.filter((r) => named.includes(r.role) && (units.length === 0 || units.includes(r.unit)))
    return held.length ? { held, name: m.text } : { held: null, name: `${unitText}${m.text}` }
  })
}

/**
 * Performances, by title: the student's titles matched on a shared run of words (what they call
 * it: 英語演講比賽), against the other titles the school's records hold, matched only when the
 * reason holds one whole. The longer reading wins: 「少了全民英檢中級複試」 is not their 初試.
 */
function performanceClaims(text: string, rows: PerformanceRow[], vocabulary: Vocabulary): Claim<PerformanceRow>[] {
  let best = 0
  let complete = false
  let held: PerformanceRow[] = []
  for (const row of rows) {
    const core = titleCore(normalise(row.title))
    const run = longestCommonRun(text, core).text.length
    if (run < Math.min(4, core.length) || run < 2 || run * 2 < core.length) continue
    if (run > best) [best, complete, held] = [run, false, []]
    if (run === best) {
      held.push(row)
      complete ||= run === core.length
    }
  }
  // Another title the reason holds whole, as long as the student's match or longer and it
  // partial (少了社長 is not their 副社長): the records lack what it names.
  const own = new Set(rows.map((r) => normalise(r.title)))
  let other = ''
  let longest = 0
  for (const [title, written] of vocabulary.titles) {
    if (own.has(title)) continue
    const core = titleCore(title)
    const whole = text.includes(title) ? title.length : core.length >= 4 && text.includes(core) ? core.length : 0
    if (whole > longest && (whole > best || (whole === best && !complete))) [longest, other] = [whole, written]
  }
  if (other) return [{ held: null, name: `「${other}」` }]
  return held.length ? [{ held, name: held[0].title }] : []
}
