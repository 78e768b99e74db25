import { createHash, randomUUID } from 'node:crypto'
import type { ImportShape, ImportSummary, StagedOrigin } from '../../shared/contract/import'
import type { CoreContext } from '../context'
import { AppError } from '../errors'
import { nextTurn } from '../eventLoop'
import { nowStamp } from '../time'
import { readAgainstDb } from './againstDb'
import { analyseFile } from './analyse'
import { rememberMappings, savedMappings } from './columnMappings'
import { checkCommittable, commitImport } from './commit'
import { serialised } from './queue'
import { isReceiptZip } from './receipt/zip'
import { openStagedReceipt } from './receipt/stage'
import { toStagedFile, type Staged } from './staging'

// A file's way through the import page as jobs: staged (its bytes hashed), analysed — again
// with each choice the user makes — and committed. The staged files wait in ctx.staging.

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
  ctx.staging.add(staged)
  startAnalysis(ctx, staged)
  return staged
}

/** A 收訖 zip, once unpacked, gives its place in the list to its data files, each analysed in turn. */
function replaceWith(ctx: CoreContext, zip: Staged, files: Staged[]): void {
  if (!ctx.staging.replace(zip, files)) return
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
 * After an import the other staged files may read differently: a roster makes unknown
 * students known, and an import may have switched the current round.
 */
async function refreshStaged(ctx: CoreContext) {
  for (const staged of ctx.staging.list()) {
    if (staged.status === 'ready' || staged.status === 'refused' || staged.status === 'queued') Object.assign(staged, await readAgainstDb(ctx, staged.analysis))
  }
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

