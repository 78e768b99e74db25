import { z } from 'zod'
import { IMPORT_SHAPES, KIND_LABELS, type FileKind, type ImportShape, type Kind } from '../domain'
import { isTermOrYear } from '../terms'
import { call } from './define'

// The shapes of an imported table are domain vocabulary (shared/domain.ts): the import's reading
// thread needs them without this contract's schemas.
export { IMPORT_SHAPES, IMPORT_SHAPE_LABELS, type ImportShape } from '../domain'

/**
 * The order 「全部匯入」 imports staged files in: the roster first (records and reports are
 * tied to students through it), then the confirmation results — the wide files before the
 * problem list, whose 答覆 reaches the items the wide files create — then the records.
 */
export const IMPORT_ORDER: readonly ImportShape[] = [
  'roster', 'confirmationWide', 'confirmationLong', 'course', 'cadre', 'performance', 'outcome',
]

/** Files in import order; a file of no known shape goes last; ties keep the order given (stable). */
export function inImportOrder<T extends { shape: ImportShape | null }>(files: readonly T[]): T[] {
  const rank = (f: T) => (f.shape === null ? IMPORT_ORDER.length : IMPORT_ORDER.indexOf(f.shape))
  return [...files].sort((a, b) => rank(a) - rank(b))
}

/** Where the term of a file came from. */
export type TermSource = 'column' | 'fileName' | 'user' | 'none'
export const TERM_SOURCE_LABELS: Record<TermSource, string> = {
  column: '檔案欄位',
  fileName: '檔名',
  user: '手動指定',
  none: '未指定',
}

export type StagedOrigin = 'dialog' | 'drop' | 'cli'

/** What a staged file is, by its bytes (not its name). */
export const FILE_FORMATS = ['xlsx', 'csv', 'xls', 'html', 'ods', 'receiptZip', 'receiptJson'] as const
export type FileFormat = (typeof FILE_FORMATS)[number]
export const FILE_FORMAT_LABELS: Record<FileFormat, string> = {
  xlsx: 'Excel 活頁簿',
  csv: 'CSV 文字檔',
  xls: '舊版 Excel（.xls）',
  html: '網頁表格',
  ods: 'OpenDocument 試算表（.ods）',
  receiptZip: '中央資料庫收訖壓縮檔',
  receiptJson: '中央資料庫收訖資料',
}

export interface RowProblem {
  /** Sheet name (for a CSV, the file name without extension). */
  sheet: string
  /** The row as the spreadsheet numbers it. */
  row: number
  /** The source column's header, when one column is at fault. */
  column: string | null
  reason: string
}

export interface ColumnMapping {
  index: number
  header: string
  /** The field it fills, or null when kept aside (not imported). */
  field: string | null
  /** How the mapping was decided: by a known column name, a mapping saved earlier, or just now. */
  origin: 'alias' | 'saved' | 'user' | 'none'
}

export interface FieldOption {
  field: string
  label: string
  required: boolean
}

export interface StagedSheet {
  name: string
  shape: ImportShape | null
  /** Why a sheet is not imported, or anything else worth knowing about it (zh-TW). */
  note: string | null
  headerRow: number | null
  columns: ColumnMapping[]
  fieldOptions: FieldOption[]
  /** Labels of required fields no column fills. */
  missingFields: string[]
  previewFields: { field: string; label: string }[]
  preview: { row: number; values: (string | number | null)[] }[]
  rows: number
  problemRows: number
  /** The terms the rows hold. */
  terms: string[]
}

export interface StagedFile {
  id: string
  fileName: string
  origin: StagedOrigin
  size: number
  stagedAt: string
  /** queued: waiting for its turn in 「全部匯入」. */
  status: 'analysing' | 'ready' | 'refused' | 'queued' | 'importing' | 'imported'
  /** The running analysis or import. */
  jobId: string | null
  /** Why it cannot be imported (zh-TW), when refused or when something must be chosen first. */
  message: string | null
  fileKind: FileKind | null
  shape: ImportShape | null
  /** What the file is, by its bytes; null until it has been read. */
  format: FileFormat | null
  /** For text files: the encoding detected (label). */
  encoding: string | null
  /** A 收訖 zip with a password: 'needed' until one is given, 'wrong' after a wrong one. */
  zipPassword: 'needed' | 'wrong' | null
  /** A data file unpacked from a 收訖 zip (every file's SHA-256 checked against its SHA.txt): the zip's name. */
  fromZip: string | null
  term: string | null
  termSource: TermSource
  /** True when rows have no term of their own and none was found or chosen. */
  termNeeded: boolean
  sheets: StagedSheet[]
  rows: number
  problemRows: number
  /** The first problems (all of them up to a limit). */
  problems: RowProblem[]
  /** Rows naming a student the roster (as it is now) does not have. */
  unknownStudents: number
  /** When a file with the same bytes was imported before. */
  previousImport: { importedAt: string; operator: string } | null
  /** Why the last import of this file failed (zh-TW); the file stays staged to try again. */
  importError: string | null
  /** When the file's terms are outside the current round: what will happen, or a warning (zh-TW). */
  roundNotice: RoundNotice | null
  /** For a confirmation file that speaks for part of the school only: which part. */
  coverage: FileCoverage | null
  summary: ImportSummary | null
}

/**
 * What part of the school a confirmation file speaks for, when it is not all of it: only there
 * can its import flag a report item as vanished (core/import/coverage.ts has the rule).
 */
export interface FileCoverage {
  /** The classes it lists, when the roster has more; three or more in a row as one run ('101–110'). */
  classes: string[] | null
  /** Its kinds, when the current round confirms more; each with its terms unless they are the round's. */
  kinds: { kind: Kind; terms: string[] | null }[] | null
  /** A problem list's report days ('YYYY-MM-DD'): items reported on other days are not its to flag. */
  days: { first: string; last: string } | null
}

/** 「本檔只含 201、202 班，多元表現，114/10/08 的回報」, dates in the user's calendar. */
export function coverageText(coverage: FileCoverage, formatDay: (date: string) => string): string {
  const parts: string[] = []
  if (coverage.classes) parts.push(`${coverage.classes.join('、')} 班`)
  if (coverage.kinds) parts.push(coverage.kinds.map((k) => `${KIND_LABELS[k.kind]}${k.terms ? ` ${k.terms.join('、')}` : ''}`).join('、'))
  if (coverage.days) {
    const { first, last } = coverage.days
    parts.push(`${formatDay(first)}${first === last ? '' : `–${formatDay(last)}`} 的回報`)
  }
  return `本檔只含 ${parts.join('，')}；匯入時只有這些範圍內不再列出的回報會標記為已消失。`
}

/** How a file's terms fit the current round: the round was (or will be) switched, or a warning. */
export interface RoundNotice {
  tone: 'info' | 'warning'
  text: string
}

/** Rows of a file, by what its import did with them (the result card and the batch list). */
export interface ImportCounts {
  added: number
  updated: number
  unchanged: number
  /** Report items flagged as no longer listed (confirmations) or records removed (records). */
  vanished: number
  skipped: number
  skippedReasons: RowProblem[]
  unconfirmedStudents: number | null
}

export interface ImportSummary extends ImportCounts {
  batchId: number
  fileName: string
  fileKind: FileKind
  term: string | null
  /** For confirmation files: the report items, counted on their own. */
  reportItems: { added: number; updated: number; unchanged: number; vanished: number; returned: number } | null
  /** The backup taken before writing; null when nothing needed writing, and on a server. */
  backup: string | null
  /** On a school's server: its operator can undo it, until the next import (there is no backup there). */
  undoable: boolean
  /** The current round was switched to fit the file, or the file is outside it (zh-TW). */
  roundNotice: RoundNotice | null
}

/** What 「全部匯入」 did: the files imported in order, and where it stopped, if it did. */
export interface BulkImportResult {
  imported: { stagedId: string; fileName: string }[]
  /** The file it stopped at (refused, or rows with problems and no choice made), with why. */
  stoppedAt: { stagedId: string; fileName: string; message: string } | null
  /** Files after the stop, left staged as they were. */
  notReached: number
}

export interface ImportBatchRow extends ImportCounts {
  id: number
  fileName: string
  fileKind: FileKind
  term: string | null
  sheets: string[]
  importedAt: string
  operator: string
}

export interface ImportStats {
  students: number
  records: Record<string, number>
  confirmations: Record<string, Record<string, number>>
  reportItems: {
    total: number
    byKind: Record<string, number>
    bySection: Record<string, number>
    byType: Record<string, number>
    byStatus: Record<string, number>
    /** Items flagged vanished: a later export no longer lists their report. */
    vanished: number
  }
  unconfirmedStudentsByClass: Record<string, number>
}

/** The tables an import writes rows of: what undoing it takes back, in the order it is named. */
export const IMPORTED_TABLES = [
  'students', 'confirmations', 'report_items', 'course_records', 'cadre_records', 'performance_records', 'outcome_records',
] as const
export type ImportedTable = (typeof IMPORTED_TABLES)[number]
export const IMPORTED_TABLE_LABELS: Record<ImportedTable, string> = {
  students: '學生',
  confirmations: '收訖確認結果',
  report_items: '回報項目',
  course_records: '修課紀錄',
  cadre_records: '幹部經歷',
  performance_records: '多元表現',
  outcome_records: '課程學習成果',
}

/** The rows of one table an import added, changed and removed: what undoing it takes back. */
export interface ImportUndoCounts {
  table: ImportedTable
  added: number
  updated: number
  removed: number
}

/** The last import on a school's server, which the operator who made it can undo. */
export interface ImportUndoView {
  batchId: number
  fileName: string
  importedAt: string
  operator: string
  /** Made by this PC's operator: only they may undo it. */
  mine: boolean
  /** Tables with anything to take back. */
  changes: ImportUndoCounts[]
  /** The round the import replaced (it switched an untouched default round to its school year): put back. */
  roundBack: string | null
  /** Why it cannot be undone now (zh-TW), or null when it can. */
  refusal: string | null
}

export interface ImportUndone {
  fileName: string
  changes: ImportUndoCounts[]
  roundBack: string | null
}

/** 「移除這次匯入新增的 120 筆回報項目；把這次匯入更新的 12 筆回報項目改回匯入前的內容；放回這次匯入刪除的 3 筆修課紀錄」 */
export function undoText(changes: ImportUndoCounts[], roundBack: string | null): string {
  const list = (pick: (c: ImportUndoCounts) => number) =>
    changes.filter((c) => pick(c) > 0).map((c) => `${pick(c).toLocaleString('zh-TW')} 筆${IMPORTED_TABLE_LABELS[c.table]}`).join('、')
  const added = list((c) => c.added)
  const updated = list((c) => c.updated)
  const removed = list((c) => c.removed)
  const parts = [
    added && `移除這次匯入新增的 ${added}`,
    updated && `把這次匯入更新的 ${updated}改回匯入前的內容`,
    removed && `放回這次匯入刪除的 ${removed}`,
    roundBack && `收訖確認梯次改回「${roundBack}」`,
  ].filter(Boolean)
  return parts.length ? parts.join('；') : '這次匯入沒有變更任何資料，只刪除這筆匯入紀錄'
}

const stagedId = z.string().min(1, '缺少檔案代號')
const termSchema = z.string().refine(isTermOrYear, '學年度學期請寫成 1132 的形式（整學年的檔案寫 113）')

export const importCalls = {
  /** Opens the native file dialog; the chosen files are staged and analysed. */
  'import.pickFiles': call(z.object({})).returns<StagedFile[]>(),
  /** Stages a dropped file's bytes. */
  'import.upload': call(
    z.object({
      fileName: z.string().trim().min(1).max(255),
      bytes: z.instanceof(Uint8Array),
    }),
  ).returns<StagedFile>(),
  'import.staged': call(z.object({})).returns<StagedFile[]>(),
  /** Analyses again with the user's choices; a mapping chosen here is remembered. */
  'import.analyse': call(
    z.object({
      stagedId,
      term: termSchema.nullable().optional(),
      shape: z.enum(IMPORT_SHAPES).optional(),
      /** Per sheet name: column index → field (null: do not import). */
      mappings: z.record(z.string(), z.record(z.string(), z.string().nullable())).optional(),
      /** The password of a 收訖 zip; kept in core's memory until the zip is unpacked, never stored. */
      zipPassword: z.string().min(1, '請輸入密碼').max(1000).optional(),
    }),
  ).returns<StagedFile>(),
  /** Imports a staged file as a job; the job's result is the ImportSummary. */
  'import.commit': call(z.object({ stagedId, importRest: z.boolean().default(false) })).returns<{ jobId: string }>(),
  /**
   * Imports every staged file that is not imported yet, in IMPORT_ORDER, one after another, as
   * one job (its progress counts files; its result is a BulkImportResult). Stops at a file that
   * cannot be imported. A file with rows that have problems is imported without those rows only
   * when `importRest` says so; otherwise it stops there for the user to decide.
   */
  'import.commitAll': call(z.object({ importRest: z.boolean().default(false) })).returns<{ jobId: string; files: number }>(),
  'import.discard': call(z.object({ stagedId })).returns<{ discarded: boolean }>(),
  'import.batches': call(z.object({ limit: z.number().int().min(1).max(500).default(50) })).returns<ImportBatchRow[]>(),
  'import.stats': call(z.object({})).returns<ImportStats>(),
  /** On a school's server: the last import, what undoing it takes back, and whether it can be undone now; null when none can. */
  'import.lastUndoable': call(z.object({})).returns<ImportUndoView | null>(),
  /**
   * Undoes the last import, in one write: the DB as it was before it. Only for the operator who
   * made it, only while it is the last, and refused (nothing changed) when anyone has worked on
   * what it added or changed since.
   */
  'import.undoLast': call(z.object({ batchId: z.number().int().positive() })).returns<ImportUndone>(),
  /**
   * Host only (the CLI; refused from the window, which never names paths): reads the file at
   * `path`, analyses it as a dropped file is, and imports it without asking — rows with problems
   * are skipped and listed. Refused as a whole (nothing changed) when the file cannot be imported.
   * A 收訖 zip gives one FileImported per data file, opened with `zipPassword` when it asks.
   */
  'import.file': call(
    z.object({ path: z.string().min(1).max(4096), term: termSchema.optional(), zipPassword: z.string().min(1).max(1000).optional() }),
  ).returns<FileImported[]>(),
}

/** One file imported without a window: its summary, and what part of the school it spoke for when not all of it. */
export interface FileImported {
  summary: ImportSummary
  coverage: string | null
}
