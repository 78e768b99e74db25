import type { ImportShape, RowProblem, StagedSheet, TermSource } from '../../shared/contract/import'
import { IMPORT_SHAPE_LABELS } from '../../shared/domain'
import type { FileKind, Kind } from '../../shared/domain'
import { AppError } from '../errors'
import { analyseSheet, FileScan, NO_DATA_NOTE } from './analyseSheet'
import { ENCODING_LABELS } from './encoding'
import { SHAPES } from './headers'
import type { ConfirmationRow, ReportRow } from './kinds/confirmations'
import type { RecordRow } from './kinds/records'
import type { RosterRow } from './kinds/roster'
import type { ColumnOf } from './merge/plan'
import { openFile, type OpenedFile } from './reader'
import type { SavedMapping, SheetOverride } from './recognise'
import type { Converted } from './sheetRows'
import { schoolYearFromFileName, termFromFileName } from './values/terms'

// A file read through: each sheet recognised and its rows converted (analyseSheet.ts), then
// what the file is, which term it is of, and whether it can be imported as it is.

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

export async function analyseFile(bytes: Uint8Array, fileName: string, options: AnalyseOptions): Promise<Analysis> {
  const file = await openFile(bytes, fileName, { onProgress: options.onProgress, signal: options.signal, fromZip: options.fromZip })
  const { fileTerm, termSource } = fileTermOf(fileName, options)
  const scan = new FileScan(fileName, fileTerm, options)
  for await (const source of file.sheets) await analyseSheet(source, scan)

  const { sheets, shape } = scan
  const used = sheets.filter((s) => s.shape !== null && s.missingFields.length === 0)
  const termNeeded = used.some((s) => s.termNeeded)
  const rows = used.reduce((n, s) => n + s.rows, 0)
  const refusal = refusalOf({ fileName, fileTerm, sheets, shape, used, rows, termNeeded })
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
    problems: scan.problems,
    problemRows: scan.problemRows,
    data: refusal ? null : scan.data,
    protectedRefs: scan.protectedRefs,
    unidentifiedProblem: scan.unidentifiedProblem,
    refusal,
  }
}

/**
 * The term the user chose, else the one the file's name carries. A name with a school year alone
 * (113_學生自填多元表現名冊.xlsx) is that whole year's file; a file from a 收訖 zip may have its
 * term in the zip's name only.
 */
function fileTermOf(fileName: string, options: AnalyseOptions): { fileTerm: string | null; termSource: TermSource } {
  const termNames = [fileName, ...(options.fromZip ? [options.fromZip] : [])]
  const nameTerm = termNames.map((n) => termFromFileName(n) ?? schoolYearFromFileName(n)).find((t) => t) ?? null
  return { fileTerm: options.term ?? nameTerm ?? null, termSource: options.term ? 'user' : nameTerm ? 'fileName' : 'none' }
}

/** Why the file cannot be imported as it is, if so (zh-TW, naming the file). */
function refusalOf(file: {
  fileName: string
  fileTerm: string | null
  sheets: SheetAnalysis[]
  shape: ImportShape | null
  /** The sheets of the file's shape with every required column. */
  used: SheetAnalysis[]
  rows: number
  termNeeded: boolean
}): string | null {
  const { fileName, fileTerm, sheets, shape, used } = file
  if (sheets.length === 0 || sheets.every((s) => s.rows === 0 && s.headers.length === 0 && s.shape === null && s.note === NO_DATA_NOTE)) {
    return `「${fileName}」沒有任何資料列。`
  }
  if (!shape) {
    return sheets.some((s) => s.headers.length > 0)
      ? `認不出「${fileName}」是哪一種資料：標題列沒有名冊、收訖確認結果或各類紀錄應有的欄位。請確認檔案，或在「匯入」頁指定資料類型與欄位。`
      : `「${fileName}」找不到標題列（例如「學號」「身分證號」等欄名），無法匯入。`
  }
  if (used.length === 0) {
    return `「${fileName}」缺少必要欄位：${[...new Set(sheets.flatMap((s) => s.missingFields))].join('、')}。請在「匯入」頁指定對應的欄位。`
  }
  if (file.rows === 0) return `「${fileName}」只有標題列，沒有資料列。`
  if (file.termNeeded && fileTerm) return `「${fileName}」只看得出學年度（${fileTerm}），${IMPORT_SHAPE_LABELS[shape]}要分學期，請先選擇學期。`
  if (file.termNeeded) return `「${fileName}」的資料沒有學年度學期，檔名也看不出來，請先選擇學期。`
  return null
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
