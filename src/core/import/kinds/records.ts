import { CADRE_LEVEL_LABELS, COMPETITION_LEVEL_LABELS, type Kind } from '../../../shared/domain'
import { cellText, text, type Cell } from '../values/cells'
import { cadreLevel, competitionLevel } from '../values/codes'
import { date } from '../values/dates'
import { courseSheetOf } from '../headers'
import { readFields, requireValue, type CellProblem, type FieldValues, type SheetContext } from './fields'
import { termOrProblem } from './confirmations'

/** A submitted record, ready to merge: identity, a hash of its values, and the values in DB column order. */
export interface RecordRow {
  sheet: string
  row: number
  nationalId: string
  term: string
  /** Records of one term and scope (a course sheet, a performance category) are replaced together. */
  scope: string
  /** Natural key within (national ID, term); '#n' is added for the n-th repeat where repeats are allowed. */
  key: string
  /** 出生日期 as read: not a column of its own, but a change to it is a change to the record (recordHash). */
  birthDate: unknown
  values: unknown[]
  /** The row as read, for `source`; null once `source` has been made from it. */
  cells: Cell[] | null
  /** Every column as written (sourceOf), when made where the row was read (import/worker.ts). */
  source?: string
}

/** The kind-specific columns of each record table, in the order `values` holds them. */
export const RECORD_COLUMNS: Record<Kind, readonly string[]> = {
  course: ['sheet', 'course_code', 'subject_name', 'grade_offered', 'credits', 'score', 'passed', 'makeup_score', 'makeup_passed', 'credit_counted', 'qualitative'],
  cadre: ['unit_name', 'role', 'start_date', 'end_date', 'level'],
  performance: ['category', 'title', 'fields'],
  outcome: ['course_code', 'subject_name', 'grade_offered', 'credits', 'summary'],
}

/**
 * Natural keys (FORMATS.md "Re-import"): a course is its course sheet (學期成績, 補修成績…, never
 * a file's name) and 課程代碼; a cadre post its unit, role and start date; a performance its
 * category, title and first date; an outcome its course and summary. Two rows may share a performance or outcome key (the same service twice),
 * so those repeat with '#2'…; a repeated course or cadre key is a problem in the file.
 */
export const REPEATS_ALLOWED: Record<Kind, boolean> = { course: false, cadre: false, performance: true, outcome: true }

/**
 * The row's fingerprint: two independent 32-bit FNV-1a-style hashes (64 bits) of its normalised
 * values, read value by value (no JSON text is built: that garbage cost more than the hashing).
 * Its only job is telling "unchanged" from "changed" for the same natural key, so it need not
 * be cryptographic; a crypto hash object per row cost more than the rest of the row.
 */
export function hashOf(parts: readonly unknown[]): string {
  let a = 0x811c9dc5
  let b = 0x9747b28c
  for (const part of parts) {
    const text = part === null || part === undefined ? '\u0000' : typeof part === 'string' ? part : String(part)
    // Each value ends with a separator, so ['ab', 'c'] and ['a', 'bc'] differ.
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 1
      a = Math.imul(a ^ c, 0x01000193)
      b = Math.imul(b ^ c, 0x5bd1e995)
      b ^= b >>> 15
    }
  }
  return (a >>> 0).toString(36).padStart(7, '0') + (b >>> 0).toString(36).padStart(7, '0')
}

/**
 * A record's fingerprint, to tell a changed row from an unchanged one. Worked out where the row is
 * planned (the writing thread of the command line's import, which has time to spare while the
 * reading thread sets the pace), not where it is read.
 */
export const recordHash = (row: Pick<RecordRow, 'birthDate' | 'values'>) => hashOf([row.birthDate, ...row.values])

interface Built {
  scope: string
  key: string
  values: unknown[]
}

const KEY_FIELDS = new Set(['nationalId', 'birthDate', 'term', 'schoolYear', 'semester', 'actualTerm', 'actualYear'])

function buildCourse(v: FieldValues, ctx: SheetContext, problems: CellProblem[]): Built | null {
  const code = requireValue<string>(v, 'courseCode', ctx, problems)
  const subject = requireValue<string>(v, 'subjectName', ctx, problems)
  if (!code || !subject) return null
  const sheet = courseSheetOf(ctx.sheetName, ctx.fileName)
  return {
    scope: sheet,
    key: `${sheet}|${code}`,
    values: [sheet, code, subject, v.gradeOffered ?? null, v.credits ?? null, v.score ?? null, v.passed ?? null,
      v.makeupScore ?? null, v.makeupPassed ?? null, v.creditCounted ?? null, v.qualitative ?? null],
  }
}

function buildCadre(v: FieldValues, ctx: SheetContext, problems: CellProblem[]): Built | null {
  const unit = requireValue<string>(v, 'unitName', ctx, problems)
  const role = requireValue<string>(v, 'role', ctx, problems)
  if (!unit || !role) return null
  const start = (v.startDate as string | null) ?? null
  return { scope: '', key: `${unit}|${role}|${start ?? ''}`, values: [unit, role, start, v.endDate ?? null, v.level ?? null] }
}

/**
 * Every column of a performance sheet as data, keyed by its header: dates as 'YYYY-MM-DD', coded
 * columns (競賽等級, 幹部等級) as their zh-TW text so any screen can show them, the rest as
 * written (trimmed); an empty cell is ''.
 */
function buildPerformance(v: FieldValues, cells: Cell[], ctx: SheetContext, problems: CellProblem[]): Built | null {
  const fields: Record<string, string> = {}
  let firstDate: string | null = null
  for (const column of ctx.columns) {
    if (!column.header || (column.field && KEY_FIELDS.has(column.field))) continue
    const cell = cells[column.index] ?? null
    let value: string | null = text(cell)
    if (/日期/.test(column.header)) {
      const parsed = date(cell)
      if (!parsed.ok) problems.push({ column: column.header, reason: parsed.reason })
      value = parsed.ok ? parsed.value : null
      firstDate ??= value
    } else if (/競賽等級/.test(column.header)) {
      const parsed = competitionLevel(cell)
      if (!parsed.ok) problems.push({ column: column.header, reason: parsed.reason })
      value = parsed.ok && parsed.value ? COMPETITION_LEVEL_LABELS[parsed.value] : null
    } else if (/幹部等級/.test(column.header)) {
      const parsed = cadreLevel(cell)
      if (!parsed.ok) problems.push({ column: column.header, reason: parsed.reason })
      value = parsed.ok && parsed.value ? CADRE_LEVEL_LABELS[parsed.value] : null
    }
    fields[column.header] = value ?? ''
  }
  const category = ctx.category ?? ctx.sheetName
  const title = (v.title as string | null) ?? null
  return { scope: category, key: `${category}|${title ?? ''}|${firstDate ?? ''}`, values: [category, title, JSON.stringify(fields)] }
}

function buildOutcome(v: FieldValues, ctx: SheetContext, problems: CellProblem[]): Built | null {
  const subject = requireValue<string>(v, 'subjectName', ctx, problems)
  if (!subject) return null
  const code = (v.courseCode as string | null) ?? null
  const summary = (v.summary as string | null) ?? null
  return {
    scope: '',
    key: `${code ?? ''}|${subject}|${summary ?? ''}`,
    values: [code, subject, v.gradeOffered ?? null, v.credits ?? null, summary],
  }
}

export function convertRecord(kind: Kind, row: number, cells: Cell[], ctx: SheetContext, problems: CellProblem[]): RecordRow | null {
  const values = readFields(cells, ctx, problems)
  const nationalId = requireValue<string>(values, 'nationalId', ctx, problems)
  const term = termOrProblem(values, ctx, problems)
  const built =
    kind === 'course' ? buildCourse(values, ctx, problems)
    : kind === 'cadre' ? buildCadre(values, ctx, problems)
    : kind === 'performance' ? buildPerformance(values, cells, ctx, problems)
    : buildOutcome(values, ctx, problems)
  if (problems.length || !nationalId || term === null || !built) return null
  return {
    sheet: ctx.sheetName, row, nationalId, term, scope: built.scope, key: built.key, values: built.values, cells,
    birthDate: values.birthDate ?? null,
  }
}

/**
 * Every source column as written, for the record's `source`: a JSON object keyed by the sheet's
 * headers in column order (a repeated header gets '#2'). The keys are written once per sheet; a
 * row costs one JSON string per cell (an object per row cost more than the row's conversion).
 */
export function sourceWriter(headers: string[]): (cells: Cell[]) => string {
  const names = new Set<string>()
  const columns: { index: number; key: string }[] = []
  headers.forEach((header, index) => {
    if (!header) return
    let name = header
    for (let n = 2; names.has(name); n++) name = `${header}#${n}`
    names.add(name)
    columns.push({ index, key: `${columns.length ? ',' : '{'}${JSON.stringify(name)}:` })
  })
  if (columns.length === 0) return () => '{}'
  return (cells) => {
    let json = ''
    for (const { index, key } of columns) json += key + JSON.stringify(cellText(cells[index] ?? null))
    return json + '}'
  }
}
