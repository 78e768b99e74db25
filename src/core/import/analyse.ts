import type { ImportShape, RowProblem, StagedSheet, TermSource } from '../../shared/contract/import'
import { IMPORT_SHAPE_LABELS } from '../../shared/contract/import'
import { ERROR_TYPE_LABELS, KIND_LABELS, type FileKind, type Kind } from '../../shared/domain'
import { AppError } from '../errors'
import { ENCODING_LABELS } from './encoding'
import { categoryOf, SHAPES } from './headers'
import { convertConfirmation, convertReport, confirmationKey, reportKey, type ConfirmationRow, type ReportRow } from './kinds/confirmations'
import { hasTermColumns, takesSchoolYear, type CellProblem, type SheetContext } from './kinds/fields'
import { convertRecord, REPEATS_ALLOWED, type RecordRow } from './kinds/records'
import { convertRoster, type RosterRow } from './kinds/roster'
import { maskNationalId, maskNationalIdsIn } from '../../shared/nationalId'
import { previewOf, PREVIEW_ROWS } from './preview'
import type { ColumnOf } from './merge/plan'
import { openFile, type OpenedFile, type RawRow } from './reader'
import {
  applyOverride, guessHeader, HEADER_SCAN_ROWS, headersOf, mapByAliases, missingFields, recogniseSheet, type SavedMapping,
  type SheetOverride,
} from './recognise'
import { isTerm } from '../../shared/terms'
import { identifier, nationalId as readNationalId, type Cell } from './values/cells'
import { schoolYearFromFileName, termFromFileName } from './values/terms'

/** The rows of a file, converted, by shape. */
export type StagedData =
  | { shape: 'roster'; rows: RosterRow[] }
  | { shape: 'confirmationWide'; rows: ConfirmationRow[] }
  | { shape: 'confirmationLong'; rows: ReportRow[] }
  | { shape: 'course' | 'outcome' | 'performance' | 'cadre'; rows: RecordRow[] }

export interface SheetAnalysis extends StagedSheet {
  headers: string[]
  /** A problem row may still name a student: their items must not be flagged vanished. */
  hadProblems: boolean
  termNeeded: boolean
}

export interface Analysis {
  fileName: string
  format: OpenedFile['format']
  encoding: string | null
  shape: ImportShape | null
  fileKind: FileKind | null
  sheets: SheetAnalysis[]
  term: string | null
  termSource: TermSource
  termNeeded: boolean
  rows: number
  problems: RowProblem[]
  problemRows: number
  data: StagedData | null
  /** Students named by rows with problems (学號 or 身分證號), protected from being flagged vanished. */
  protectedRefs: Set<string>
  /** A problem row whose student cannot be told: flag nothing vanished in this import. */
  unidentifiedProblem: boolean
  /** Why the file cannot be imported as it is (zh-TW), if so. */
  refusal: string | null
}

export interface AnalyseOptions {
  /** The term the user chose (in the app, or the CLI's --term); overrides the file name's. */
  term?: string | null
  shape?: ImportShape
  overrides?: Record<string, SheetOverride>
  saved: Map<string, SavedMapping>
  onProgress?: (done: number, total: number) => void
  /** Stops the analysis: the file was discarded, or is analysed again with other choices. */
  signal?: AbortSignal
  /** A data file unpacked from this 收訖 zip: its term may be in the zip's name. */
  fromZip?: string | null
  /**
   * Takes the converted rows as they come instead of the analysis keeping them (its data holds
   * none): each sheet's, ROWS_PER_PART at a time and the rest at the sheet's end, in file order.
   */
  onRows?: (rows: Converted[], sheet: SheetAnalysis) => void
}

/** Rows handed to `onRows` at a time. */
const ROWS_PER_PART = 2000

const isBlank = (cells: Cell[]) => cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))

/** Text that ends a table rather than continues it: notes, 以下空白, print dates, page numbers, signature lines. */
const FOOTER = /^\s*(註|※|說明|備註|製表|資料來源|合計|總計|共\s*\d|以下空白|以下無資料|列印|第\s*\d+\s*頁|頁次|承辦|核章|(組長|主任|校長)\s*[:：])/

/** Footnote rows under a table (註：…, 製表日期…, 第 1 頁，共 1 頁) and repeated header rows are not data. */
function isNotData(cells: Cell[], headers: string[]): boolean {
  const filled = cells.filter((c) => !(c === null || (typeof c === 'string' && c.trim() === '')))
  if (filled.length > 0 && filled.every((c) => typeof c === 'string' && FOOTER.test(c))) return true
  return cells.length > 1 && headers.filter(Boolean).length > 1 && cells.every((c, i) => (typeof c === 'string' ? c.trim() : c) === (headers[i] ?? '') || (c === null && !headers[i]))
}

const MAX_PROBLEMS = 1000

class Collector {
  problems: RowProblem[] = []
  problemRows = 0
  add(sheet: string, row: number, list: CellProblem[]) {
    this.problemRows += 1
    // A reason may quote a cell: whatever it holds, no national ID leaves here whole.
    for (const p of list) if (this.problems.length < MAX_PROBLEMS) this.problems.push({ sheet, row, column: p.column, reason: maskNationalIdsIn(p.reason) })
  }
}

function emptySheet(name: string, note: string): SheetAnalysis {
  return {
    name, shape: null, note, headerRow: null, columns: [], fieldOptions: [], missingFields: [], previewFields: [],
    preview: [], rows: 0, problemRows: 0, terms: [], headers: [], hadProblems: false, termNeeded: false,
  }
}

export async function analyseFile(bytes: Uint8Array, fileName: string, options: AnalyseOptions): Promise<Analysis> {
  const file = await openFile(bytes, fileName, { onProgress: options.onProgress, signal: options.signal, fromZip: options.fromZip })
  // A name with a school year alone (113_學生自填多元表現名冊.xlsx) is that whole year's file; a
  // file from a 收訖 zip may have its term in the zip's name only.
  const termNames = [fileName, ...(options.fromZip ? [options.fromZip] : [])]
  const nameTerm = termNames.map((n) => termFromFileName(n) ?? schoolYearFromFileName(n)).find((t) => t) ?? null
  const fileTerm = options.term ?? nameTerm ?? null
  const termSource: TermSource = options.term ? 'user' : nameTerm ? 'fileName' : 'none'
  const collector = new Collector()
  const sheets: SheetAnalysis[] = []
  const protectedRefs = new Set<string>()
  let unidentifiedProblem = false
  let shape: ImportShape | null = options.shape ?? null
  let data: StagedData | null = null
  const seen = new Map<string, number>()

  for await (const source of file.sheets) {
    const rows = source.rows[Symbol.asyncIterator]()
    const head: RawRow[] = []
    while (head.length < HEADER_SCAN_ROWS) {
      const next = await rows.next()
      if (next.done) break
      if (!isBlank(next.value.cells)) head.push(next.value)
    }
    const drain = async () => {
      while (!(await rows.next()).done);
    }
    const override = options.overrides?.[source.name]
    const names = { sheetName: source.name, fileName }
    const chosenShape = override?.shape ?? options.shape
    let recognised = recogniseSheet(
      override?.headerRow ? head.filter((r) => r.row === override.headerRow) : head,
      names, options.saved, chosenShape ?? shape ?? undefined,
    )
    if (recognised && override?.headerRow) recognised = { ...recognised, headerIndex: head.findIndex((r) => r.row === override.headerRow) }
    if (!recognised && chosenShape) {
      // The user says what the sheet is: take the likeliest header, map what names match, and let them map the rest.
      const at = override?.headerRow ? head.findIndex((r) => r.row === override.headerRow) : -1
      const guess = at >= 0 ? { headerIndex: at, headers: headersOf(head[at]) } : guessHeader(head)
      if (guess) {
        const fields = mapByAliases(SHAPES[chosenShape], guess.headers)
        const columns = guess.headers.map((header, index) => ({ index, header, field: fields[index], origin: fields[index] ? ('alias' as const) : ('none' as const) }))
        recognised = { headerIndex: guess.headerIndex, headerRow: head[guess.headerIndex].row, headers: guess.headers, shape: chosenShape, columns, score: 0 }
      }
    }
    if (!recognised) {
      const guess = guessHeader(head)
      const sheet = emptySheet(source.name, head.length === 0 ? '這個工作表沒有資料。' : '認不出這個工作表的標題列與資料類型。')
      if (guess) {
        sheet.headers = guess.headers
        sheet.headerRow = head[guess.headerIndex].row
        sheet.columns = applyOverride(guess.headers, null, override?.fields ?? {})
      }
      sheets.push(sheet)
      await drain()
      continue
    }
    if (shape && recognised.shape !== shape) {
      sheets.push(emptySheet(source.name, `這個工作表是${IMPORT_SHAPE_LABELS[recognised.shape]}，與檔案其他工作表（${IMPORT_SHAPE_LABELS[shape]}）不同，不匯入。`))
      await drain()
      continue
    }
    shape = recognised.shape
    const spec = SHAPES[shape]
    const columns = applyOverride(recognised.headers, recognised.columns, override?.fields ?? {})
    const fields = columns.map((c) => c.field)
    const missing = missingFields(spec, fields)
    const ctx: SheetContext = {
      fileName, sheetName: source.name, shape, columns, fileTerm,
      category: shape === 'performance' ? (categoryOf(source.name) ?? categoryOf(fileName)) : null,
    }
    const sheet: SheetAnalysis = {
      name: source.name, shape, note: null, headerRow: recognised.headerRow, headers: recognised.headers, columns,
      fieldOptions: spec.fields.map((f) => ({ field: f.field, label: f.label, required: !!f.required })),
      missingFields: missing, previewFields: [], preview: [], rows: 0, problemRows: 0, terms: [], hadProblems: false,
      termNeeded: shape !== 'roster' && !hasTermColumns(ctx) && !(fileTerm && (isTerm(fileTerm) || takesSchoolYear(shape))),
    }
    sheets.push(sheet)
    if (missing.length > 0) {
      sheet.note = `缺少必要欄位：${missing.join('、')}。請在「匯入」頁指定對應的欄位。`
      await drain()
      continue
    }
    data ??= { shape, rows: [] } as StagedData
    const terms = new Set<string>()
    const previewRows: { row: number; cells: Cell[] }[] = []
    const studentNoIndex = columns.find((c) => c.field === 'studentNo')?.index
    const nationalIdIndex = columns.find((c) => c.field === 'nationalId')?.index
    let part: Converted[] = []
    const handOn = () => {
      if (part.length) options.onRows!(part, sheet)
      part = []
    }

    const take = (raw: RawRow) => {
      if (isBlank(raw.cells) || isNotData(raw.cells, recognised!.headers)) return
      sheet.rows += 1
      if (previewRows.length < PREVIEW_ROWS) previewRows.push(raw)
      const problems: CellProblem[] = []
      const converted = convert(shape!, raw.row, raw.cells, ctx, problems)
      if (converted) {
        const key = keyOf(shape!, converted)
        const first = seen.get(key.id)
        if (first !== undefined && !REPEATS_ALLOWED_SHAPE(shape!)) {
          problems.push({ column: null, reason: `與第 ${first} 列重複（${key.label}）` })
        } else if (first !== undefined) {
          let n = 2
          while (seen.has(`${key.id}#${n}`)) n++
          ;(converted as RecordRow).key += `#${n}`
          seen.set(`${key.id}#${n}`, raw.row)
        } else {
          seen.set(key.id, raw.row)
        }
      }
      if (problems.length || !converted) {
        collector.add(source.name, raw.row, problems)
        sheet.problemRows += 1
        sheet.hadProblems = true
        const ref = studentNoIndex !== undefined ? identifier(raw.cells[studentNoIndex] ?? null)
          : nationalIdIndex !== undefined ? readNationalId(raw.cells[nationalIdIndex] ?? null) : null
        if (ref) protectedRefs.add(ref)
        else unidentifiedProblem = true
        return
      }
      const term = (converted as { term?: string }).term
      if (term) terms.add(term)
      if (!options.onRows) (data!.rows as unknown[]).push(converted)
      else if (part.push(converted) === ROWS_PER_PART) handOn()
    }

    for (const raw of head.slice(recognised.headerIndex + 1)) take(raw)
    for (let next = await rows.next(); !next.done; next = await rows.next()) take(next.value)
    if (options.onRows) handOn()
    sheet.terms = [...terms].sort()
    const preview = previewOf(ctx, previewRows)
    sheet.previewFields = preview.fields
    sheet.preview = preview.rows
  }

  const used = sheets.filter((s) => s.shape !== null && s.missingFields.length === 0)
  const termNeeded = used.some((s) => s.termNeeded)
  const rows = used.reduce((n, s) => n + s.rows, 0)
  let refusal: string | null = null
  if (sheets.length === 0 || sheets.every((s) => s.rows === 0 && s.headers.length === 0 && s.shape === null && s.note === '這個工作表沒有資料。')) {
    refusal = `「${fileName}」沒有任何資料列。`
  } else if (!shape) {
    const withHeaders = sheets.some((s) => s.headers.length > 0)
    refusal = withHeaders
      ? `認不出「${fileName}」是哪一種資料：標題列沒有名冊、收訖確認結果或各類紀錄應有的欄位。請確認檔案，或在「匯入」頁指定資料類型與欄位。`
      : `「${fileName}」找不到標題列（例如「學號」「身分證號」等欄名），無法匯入。`
  } else if (used.length === 0) {
    refusal = `「${fileName}」缺少必要欄位：${[...new Set(sheets.flatMap((s) => s.missingFields))].join('、')}。請在「匯入」頁指定對應的欄位。`
  } else if (rows === 0) {
    refusal = `「${fileName}」只有標題列，沒有資料列。`
  } else if (termNeeded && fileTerm) {
    refusal = `「${fileName}」只看得出學年度（${fileTerm}），${IMPORT_SHAPE_LABELS[shape]}要分學期，請先選擇學期。`
  } else if (termNeeded) {
    refusal = `「${fileName}」的資料沒有學年度學期，檔名也看不出來，請先選擇學期。`
  }
  const usedTermColumns = used.some((s) => s.columns.some((c) => c.field === 'term' || c.field === 'schoolYear' || c.field === 'actualTerm'))
  return {
    fileName,
    format: file.format,
    encoding: file.encoding ? ENCODING_LABELS[file.encoding] : null,
    shape,
    fileKind: shape ? SHAPES[shape].fileKind : null,
    sheets,
    term: fileTerm,
    termSource: usedTermColumns ? 'column' : termSource,
    termNeeded,
    rows,
    problems: collector.problems,
    problemRows: collector.problemRows,
    data: refusal ? null : data,
    protectedRefs,
    unidentifiedProblem,
    refusal,
  }
}

const REPEATS_ALLOWED_SHAPE = (shape: ImportShape) =>
  shape === 'course' || shape === 'cadre' || shape === 'performance' || shape === 'outcome' ? REPEATS_ALLOWED[shape] : false

export type Converted = RosterRow | ConfirmationRow | ReportRow | RecordRow

function convert(shape: ImportShape, row: number, cells: Cell[], ctx: SheetContext, problems: CellProblem[]): Converted | null {
  switch (shape) {
    case 'roster': return convertRoster(row, cells, ctx, problems)
    case 'confirmationWide': return convertConfirmation(row, cells, ctx, problems)
    case 'confirmationLong': return convertReport(row, cells, ctx, problems)
    default: return convertRecord(shape, row, cells, ctx, problems)
  }
}

/** Who a confirmation row names, as a message may say it: the 學號, or the masked 身分證號. */
const studentLabel = (r: { studentNo: string | null; nationalId: string | null }) => r.studentNo ?? maskNationalId(r.nationalId)

/** The row's identity within the file, to find the same row twice; its label is what the user reads. */
function keyOf(shape: ImportShape, row: Converted): { id: string; label: string } {
  switch (shape) {
    case 'roster': {
      const r = row as RosterRow
      return { id: r.studentNo, label: `學號 ${r.studentNo}` }
    }
    case 'confirmationWide': {
      const r = row as ConfirmationRow
      return { id: confirmationKey(r), label: `${studentLabel(r)} ${KIND_LABELS[r.kind]} ${r.term}` }
    }
    case 'confirmationLong': {
      const r = row as ReportRow
      return { id: reportKey(r), label: `${studentLabel(r)} ${KIND_LABELS[r.kind]} ${r.term} ${ERROR_TYPE_LABELS[r.errorType]}` }
    }
    default: {
      const r = row as RecordRow
      return { id: `${r.nationalId}|${r.term}|${r.key}`, label: `${maskNationalId(r.nationalId)} 的同一筆資料` }
    }
  }
}

/** The header each sheet gave the student's column (學號, 身分證號), for messages about it (sheets read so far, when reading). */
export function studentColumnOf(analysis: Pick<Analysis, 'sheets'>): ColumnOf {
  const labels = { studentNo: '學號', nationalId: '身分證號' }
  return (sheet, field) => analysis.sheets.find((s) => s.name === sheet)?.columns.find((c) => c.field === field)?.header || labels[field]
}

export function refuse(analysis: Analysis): never {
  throw new AppError('file-unrecognised', analysis.refusal ?? `無法匯入「${analysis.fileName}」。`, { file: analysis.fileName })
}

/** The (kind, term) pairs the file's rows are about: what decides which round they belong to. */
export function kindTermsOf(analysis: Analysis): { kind: Kind; term: string }[] {
  const data = analysis.data
  if (!data || data.shape === 'roster') return []
  const pairs = new Map<string, { kind: Kind; term: string }>()
  for (const row of data.rows as { kind?: Kind; term: string }[]) {
    const kind = row.kind ?? (data.shape as Kind)
    pairs.set(`${kind}|${row.term}`, { kind, term: row.term })
  }
  return [...pairs.values()]
}
