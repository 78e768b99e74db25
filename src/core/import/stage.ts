import { createHash, randomUUID } from 'node:crypto'
import type { FileCoverage, ImportShape, ImportSummary, RoundNotice, RowProblem, StagedFile, StagedOrigin } from '../../shared/contract/import'
import type { CoreContext } from '../context'
import { AppError } from '../errors'
import { nextTurn } from '../eventLoop'
import { nowStamp } from '../time'
import { getCurrentRound } from '../rounds/store'
import { roundFit, roundFitNotice } from '../rounds/fit'
import { analyseFile, kindTermsOf, studentColumnOf, type Analysis } from './analyse'
import { checkCommittable, commitImport } from './commit'
import { describeCoverage } from './coverage'
import { serialised } from './queue'
import { headerSignature, mappingToSave, type SavedMapping, type SheetOverride } from './recognise'
import { SHAPES } from './headers'
import { unknownStudent } from './merge/plan'
import { isReceiptZip } from './receipt/zip'
import { openStagedReceipt, type ReceiptZipState } from './receipt/stage'

// Files wait here, in core's memory, between being picked or dropped and being imported:
// their bytes, what the analysis found, and what the user chose (term, shape, mapping).

export interface Staged {
  id: string
  fileName: string
  origin: StagedOrigin
  bytes: Uint8Array | null
  size: number
  hash: string
  stagedAt: string
  status: StagedFile['status']
  jobId: string | null
  /** Stops the analysis under way, if any (discard, or a new choice made meanwhile). */
  cancel: AbortController | null
  analysis: Analysis | null
  /** A refusal met while reading (corrupt, undecodable…). */
  error: string | null
  importError: string | null
  summary: ImportSummary | null
  choices: { term?: string | null; shape?: ImportShape; overrides: Record<string, SheetOverride>; zipPassword?: string }
  previousImport: StagedFile['previousImport']
  /** Rows naming a student the roster (as it is now) lacks: listed as problems, skipped on import. */
  unknownRows: RowProblem[]
  /** How the file's terms fit the current round (see rounds/fit.ts). */
  roundNotice: RoundNotice | null
  /** The part of the school a confirmation file speaks for, if not all (see coverage.ts). */
  coverage: FileCoverage | null
  /** A 收訖 zip: it stands here until it is unpacked into its data files (receipt/stage.ts). */
  receipt: ReceiptZipState | null
  /** A data file unpacked from a 收訖 zip: the zip's name. */
  fromZip: string | null
}

const registries = new WeakMap<CoreContext, Map<string, Staged>>()

function registry(ctx: CoreContext): Map<string, Staged> {
  let map = registries.get(ctx)
  if (!map) registries.set(ctx, (map = new Map()))
  return map
}

export function getStaged(ctx: CoreContext, id: string): Staged {
  const staged = registry(ctx).get(id)
  if (!staged) throw new AppError('staged-not-found', '找不到這個待匯入的檔案，可能已取消或程式已重新啟動。請重新選擇檔案。')
  return staged
}

/** The column mappings users made, by the headers they were made for. */
export async function savedMappings(ctx: CoreContext): Promise<Map<string, SavedMapping>> {
  const rows = await ctx.db.selectFrom('column_mappings').selectAll().execute()
  return new Map(rows.map((r) => [r.header_signature, { fileKind: r.file_kind, mapping: JSON.parse(r.mapping) }]))
}

/** Rows naming a student the roster (as it is now) lacks: shown before import, skipped by it. */
async function unknownStudentRows(ctx: CoreContext, analysis: Analysis | null): Promise<RowProblem[]> {
  const data = analysis?.data
  if (!data || data.shape === 'roster') return []
  const students = await ctx.db.selectFrom('students').select(['student_no', 'national_id']).execute()
  const nos = new Set(students.map((s) => s.student_no))
  const ids = new Set(students.map((s) => s.national_id))
  const unknown: RowProblem[] = []
  const columnOf = studentColumnOf(analysis)
  for (const row of data.rows as { sheet: string; row: number; studentNo?: string | null; nationalId: string | null }[]) {
    if (row.studentNo ? nos.has(row.studentNo) : ids.has(row.nationalId)) continue
    unknown.push(unknownStudent(row, row.sheet, row.row, columnOf))
  }
  return unknown
}

async function roundNoticeFor(ctx: CoreContext, analysis: Analysis | null): Promise<RoundNotice | null> {
  if (!analysis) return null
  const round = await getCurrentRound(ctx.db)
  return roundFitNotice(await roundFit(ctx.db, round, kindTermsOf(analysis)), round, true)
}

/** What the file reads as against the roster and the round as they are now. */
async function readAgainstDb(ctx: CoreContext, analysis: Analysis | null): Promise<Pick<Staged, 'unknownRows' | 'roundNotice' | 'coverage'>> {
  return {
    unknownRows: await unknownStudentRows(ctx, analysis),
    roundNotice: await roundNoticeFor(ctx, analysis),
    coverage: await describeCoverage(ctx.db, analysis, await getCurrentRound(ctx.db)),
  }
}

/**
 * After an import the other staged files may read differently: a roster makes unknown
 * students known, and an import may have switched the current round.
 */
async function refreshStaged(ctx: CoreContext) {
  for (const staged of registry(ctx).values()) {
    if (staged.status === 'ready' || staged.status === 'refused' || staged.status === 'queued') Object.assign(staged, await readAgainstDb(ctx, staged.analysis))
  }
}

/** Starts (or restarts, cancelling the one under way) the analysis as a job, one at a time with every other import. */
function startAnalysis(ctx: CoreContext, staged: Staged, remember?: { sheets: string[]; operator: string | null }): void {
  staged.cancel?.abort()
  const cancel = (staged.cancel = new AbortController())
  const { signal } = cancel
  staged.status = 'analysing'
  staged.error = null
  staged.jobId = ctx.jobs.start(`分析「${staged.fileName}」`, (report) =>
    serialised(ctx, async () => {
      try {
        signal.throwIfAborted()
        if (!staged.bytes) throw new AppError('staged-gone', '這個檔案已匯入，請重新選擇檔案。')
        report({ label: `讀取「${staged.fileName}」`, done: 0, total: staged.size })
        if (staged.receipt) {
          const files = await openStagedReceipt(staged, signal)
          signal.throwIfAborted()
          replaceWith(ctx, staged, await Promise.all(files.map((f) => newStaged(ctx, f.name, f.bytes, staged.origin, staged.choices.term, staged.fileName))))
          return toStagedFile(staged)
        }
        const analysis = await analyseFile(staged.bytes, staged.fileName, {
          ...staged.choices,
          fromZip: staged.fromZip,
          saved: await savedMappings(ctx),
          onProgress: (done, total) => report({ done, total }),
          signal,
        })
        const against = await readAgainstDb(ctx, analysis)
        // Called off meanwhile: the file is gone, or a newer analysis owns it now.
        signal.throwIfAborted()
        staged.analysis = analysis
        Object.assign(staged, against)
        staged.status = analysis.refusal ? 'refused' : 'ready'
        if (remember) await rememberMappings(ctx, staged, remember.sheets, remember.operator)
        return toStagedFile(staged)
      } catch (error) {
        // Cancelled: the file is left as its newer analysis (or nobody) has it.
        if (signal.aborted) throw error
        staged.analysis = null
        staged.status = 'refused'
        staged.error = error instanceof AppError ? error.message : `無法讀取「${staged.fileName}」：${(error as Error).message}`
        throw error
      } finally {
        if (staged.cancel === cancel) staged.cancel = null
      }
    }),
    signal,
  )
}

/** The bytes' SHA-256, a slice at a time with a turn of the event loop between: a 200 MB file never holds the window. */
export async function hashOf(bytes: Uint8Array): Promise<string> {
  const hash = createHash('sha256')
  for (let i = 0; i < bytes.length; i += HASH_SLICE) {
    hash.update(bytes.subarray(i, i + HASH_SLICE))
    await nextTurn()
  }
  return hash.digest('hex')
}
const HASH_SLICE = 16 * 1024 * 1024

/** A staged file, not yet analysed: its bytes, their hash, and when the same bytes were imported before. */
async function newStaged(
  ctx: CoreContext, fileName: string, bytes: Uint8Array, origin: StagedOrigin, term: string | null | undefined, fromZip: string | null,
): Promise<Staged> {
  const hash = await hashOf(bytes)
  const previous = await ctx.db.selectFrom('import_batches').select(['imported_at', 'operator'])
    .where('file_hash', '=', hash).orderBy('id', 'desc').executeTakeFirst()
  return {
    id: randomUUID(), fileName, origin, bytes, size: bytes.length, hash, stagedAt: nowStamp(ctx.clock),
    status: 'analysing', jobId: null, cancel: null, analysis: null, error: null, importError: null, summary: null,
    choices: { overrides: {}, term }, unknownRows: [], roundNotice: null, coverage: null,
    previousImport: previous ? { importedAt: previous.imported_at, operator: previous.operator } : null,
    receipt: null, fromZip,
  }
}

/** `term`, if given, is taken as the user's choice (the CLI's --term): it overrides the file name's. */
export async function stageBytes(ctx: CoreContext, fileName: string, bytes: Uint8Array, origin: StagedOrigin, term?: string | null): Promise<Staged> {
  const staged = await newStaged(ctx, fileName, bytes, origin, term, null)
  if (await isReceiptZip(bytes)) staged.receipt = { asks: null, files: [] }
  registry(ctx).set(staged.id, staged)
  startAnalysis(ctx, staged)
  return staged
}

/** A 收訖 zip, once unpacked, gives its place in the list to its data files, each analysed in turn. */
function replaceWith(ctx: CoreContext, zip: Staged, files: Staged[]): void {
  const map = registry(ctx)
  if (map.get(zip.id) !== zip) return
  const entries = [...map.entries()]
  map.clear()
  for (const [id, staged] of entries) {
    if (id !== zip.id) map.set(id, staged)
    else for (const file of files) map.set(file.id, file)
  }
  zip.receipt!.files = files
  zip.bytes = null
  for (const file of files) startAnalysis(ctx, file)
}

export interface Choices {
  term?: string | null
  zipPassword?: string
  shape?: ImportShape
  mappings?: Record<string, Record<string, string | null>>
}

/** Re-analyses with what the user chose; a mapping they made is remembered for these headers. */
export async function reanalyse(ctx: CoreContext, staged: Staged, choices: Choices, operator: string | null): Promise<void> {
  if (staged.status === 'importing' || staged.status === 'queued') {
    throw new AppError('staged-busy', `「${staged.fileName}」正在處理中，請稍候。`)
  }
  if (staged.status === 'imported') throw new AppError('staged-gone', `「${staged.fileName}」已匯入。`)
  if (choices.term !== undefined) staged.choices.term = choices.term
  if (choices.zipPassword !== undefined) staged.choices.zipPassword = choices.zipPassword
  if (choices.shape && choices.shape !== staged.choices.shape) {
    staged.choices.shape = choices.shape
    staged.choices.overrides = {}
  }
  for (const [sheet, fields] of Object.entries(choices.mappings ?? {})) {
    const before = staged.analysis?.sheets.find((s) => s.name === sheet)
    const override = (staged.choices.overrides[sheet] ??= {})
    override.headerRow ??= before?.headerRow ?? undefined
    override.shape ??= before?.shape ?? staged.choices.shape
    override.fields = { ...override.fields, ...Object.fromEntries(Object.entries(fields).map(([i, f]) => [Number(i), f])) }
  }
  const sheets = Object.keys(choices.mappings ?? {})
  startAnalysis(ctx, staged, sheets.length ? { sheets, operator } : undefined)
}

/** The whole mapping of each sheet the user changed, as the analysis applied it, keyed by its headers. */
async function rememberMappings(ctx: CoreContext, staged: Staged, sheets: string[], operator: string | null) {
  for (const name of sheets) {
    const sheet = staged.analysis?.sheets.find((s) => s.name === name)
    if (!sheet?.shape || sheet.columns.length === 0) continue
    const row = {
      header_signature: headerSignature(sheet.headers),
      file_kind: SHAPES[sheet.shape].fileKind,
      mapping: JSON.stringify(mappingToSave(sheet.columns)),
      operator,
      updated_at: nowStamp(ctx.clock),
    }
    await ctx.db.insertInto('column_mappings').values(row)
      .onConflict((oc) => oc.column('header_signature').doUpdateSet({ file_kind: row.file_kind, mapping: row.mapping, operator, updated_at: row.updated_at }))
      .execute()
  }
}

/** Imports a staged file as a job, in the import queue; the job's result is the summary. */
export function commitStaged(ctx: CoreContext, staged: Staged, importRest: boolean, operator: string): string {
  if (staged.status !== 'ready') {
    const why = {
      imported: '已匯入', refused: '無法匯入', queued: '已排入「全部匯入」', analysing: '正在處理中', importing: '正在處理中', ready: '',
    }[staged.status]
    throw new AppError('staged-not-ready', `「${staged.fileName}」${why}${staged.status === 'refused' && staged.analysis?.refusal ? `：${staged.analysis.refusal}` : '。'}`)
  }
  // Refuse at once (before a job starts) what cannot be imported as it stands.
  checkCommittable(staged.analysis!, importRest, staged.unknownRows.length)
  return startCommitJob(ctx, staged, importRest, operator, (run) => serialised(ctx, run))
}

/**
 * The commit job of one file. `queue` puts it in the import queue; 「全部匯入」, which holds
 * the queue for all its files, runs it directly.
 */
export function startCommitJob(
  ctx: CoreContext, staged: Staged, importRest: boolean, operator: string,
  queue: (run: () => Promise<ImportSummary>) => Promise<ImportSummary> = (run) => run(),
): string {
  const analysis = staged.analysis!
  staged.status = 'importing'
  staged.importError = null
  staged.jobId = ctx.jobs.start(`匯入「${staged.fileName}」`, (report) =>
    queue(async () => {
      try {
        const summary = await commitImport(ctx, { fileName: staged.fileName, fileHash: staged.hash, analysis, importRest, operator, report })
        staged.summary = summary
        staged.status = 'imported'
        await refreshStaged(ctx)
        // What was imported is in the DB now; the bytes and rows need not stay in memory.
        staged.bytes = null
        analysis.data = null
        return summary
      } catch (error) {
        staged.status = 'ready'
        staged.importError = error instanceof AppError ? error.message : `匯入「${staged.fileName}」時發生錯誤：${(error as Error).message}`
        throw error
      }
    }),
  )
  return staged.jobId
}

export function discardStaged(ctx: CoreContext, id: string): boolean {
  registry(ctx).get(id)?.cancel?.abort()
  return registry(ctx).delete(id)
}

/** The staged files, in the order they were staged. */
export function stagedFiles(ctx: CoreContext): Staged[] {
  return [...registry(ctx).values()]
}

/** Whether a file is still staged (not cancelled meanwhile). */
export function isStaged(ctx: CoreContext, staged: Staged): boolean {
  return registry(ctx).get(staged.id) === staged
}

export function allStaged(ctx: CoreContext): StagedFile[] {
  return [...registry(ctx).values()].map(toStagedFile)
}

export function toStagedFile(s: Staged): StagedFile {
  const a = s.analysis
  return {
    id: s.id,
    fileName: s.fileName,
    origin: s.origin,
    size: s.size,
    stagedAt: s.stagedAt,
    status: s.status,
    jobId: s.jobId,
    message: s.error ?? a?.refusal ?? null,
    fileKind: a?.fileKind ?? null,
    shape: a?.shape ?? null,
    format: s.receipt ? 'receiptZip' : (a?.format ?? null),
    encoding: a?.encoding ?? null,
    zipPassword: s.receipt?.asks ?? null,
    fromZip: s.fromZip,
    term: a?.term ?? null,
    termSource: a?.termSource ?? 'none',
    termNeeded: a?.termNeeded ?? false,
    sheets: (a?.sheets ?? []).map(({ headers: _h, hadProblems: _p, termNeeded: _t, ...sheet }) => sheet),
    rows: a?.rows ?? 0,
    problemRows: (a?.problemRows ?? 0) + s.unknownRows.length,
    problems: problemsInOrder(a, s.unknownRows).slice(0, 200),
    unknownStudents: s.unknownRows.length,
    previousImport: s.previousImport,
    importError: s.importError,
    roundNotice: s.status === 'imported' ? null : s.roundNotice,
    coverage: s.coverage,
    summary: s.summary,
  }
}

/** Value problems and unknown students together, in sheet and row order. */
function problemsInOrder(analysis: Analysis | null, unknown: RowProblem[]): RowProblem[] {
  if (!unknown.length) return analysis?.problems ?? []
  const sheetOrder = new Map((analysis?.sheets ?? []).map((s, i) => [s.name, i]))
  return [...(analysis?.problems ?? []), ...unknown].sort(
    (a, b) => (sheetOrder.get(a.sheet) ?? 0) - (sheetOrder.get(b.sheet) ?? 0) || a.row - b.row,
  )
}
