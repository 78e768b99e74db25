import { inImportOrder, type BulkImportResult } from '../../shared/contract/import'
import type { CoreContext } from '../context'
import { AppError } from '../errors'
import { checkCommittable } from './commit'
import { serialised } from './queue'
import { startCommitJob } from './stage'
import type { Staged } from './staging'

// 「全部匯入」: every staged file not yet imported, in IMPORT_ORDER, one after another — each
// its own commit (one transaction, one backup, one batch, its own summary on its card), all
// under one job that counts the files. It stops at the first file that cannot go in as it
// stands, and leaves that file and the ones after it staged, as they were.

/**
 * Why a file cannot be imported now, as it stands (null when it can), and whether its card
 * already says so (a refusal from the analysis is shown there anyway).
 */
function refusalOf(staged: Staged, importRest: boolean): { message: string; onCard: boolean } | null {
  if (!staged.analysis) return { message: staged.error ?? `無法讀取「${staged.fileName}」。`, onCard: true }
  try {
    // Judged at the file's turn: a roster imported earlier in the run may have made its
    // unknown students known (stage.ts refreshes them).
    checkCommittable(staged.analysis, importRest, staged.unknownRows.length)
    return null
  } catch (error) {
    return { message: error instanceof AppError ? error.message : String(error), onCard: staged.analysis.refusal !== null }
  }
}

/** Back to what it was before it was queued. */
function release(staged: Staged) {
  if (staged.status === 'queued') staged.status = staged.analysis && !staged.analysis.refusal ? 'ready' : 'refused'
}

export function commitAll(ctx: CoreContext, importRest: boolean, operator: string): { jobId: string; files: number } {
  const files = ctx.staging.list()
  const busy = files.find((s) => s.status === 'analysing' || s.status === 'importing' || s.status === 'queued')
  if (busy) throw new AppError('staged-busy', `「${busy.fileName}」還在處理中，請等它完成後再按「全部匯入」。`)
  const queue = inImportOrder(
    files.filter((s) => s.status === 'ready' || s.status === 'refused').map((staged) => ({ staged, shape: staged.analysis?.shape ?? null })),
  ).map((q) => q.staged)
  if (queue.length === 0) throw new AppError('nothing-to-import', '沒有尚未匯入的檔案。請先選擇或拖放檔案。')
  for (const staged of queue) {
    staged.status = 'queued'
    staged.importError = null
  }

  const jobId = ctx.jobs.start('全部匯入', (report) =>
    serialised(ctx, async (): Promise<BulkImportResult> => {
      const result: BulkImportResult = { imported: [], stoppedAt: null, notReached: 0 }
      try {
        for (const [index, staged] of queue.entries()) {
          if (!ctx.staging.has(staged) || staged.status !== 'queued') continue // cancelled meanwhile
          report({ label: `匯入第 ${index + 1} / ${queue.length} 個檔案：「${staged.fileName}」`, done: index, total: queue.length })
          const refusal = refusalOf(staged, importRest)
          if (refusal) {
            result.stoppedAt = { stagedId: staged.id, fileName: staged.fileName, message: refusal.message }
            staged.importError = refusal.onCard ? '「全部匯入」在這個檔案停下，其後的檔案尚未匯入。' : `「全部匯入」在這個檔案停下：${refusal.message}`
            break
          }
          try {
            await ctx.jobs.wait(startCommitJob(ctx, staged, importRest, operator))
            result.imported.push({ stagedId: staged.id, fileName: staged.fileName })
          } catch (error) {
            // The commit has put the file back to ready with its message (stage.ts); the DB is as before it.
            result.stoppedAt = { stagedId: staged.id, fileName: staged.fileName, message: staged.importError ?? String(error) }
            break
          }
        }
        result.notReached = queue.filter((s) => s.status === 'queued' && ctx.staging.has(s) && s.id !== result.stoppedAt?.stagedId).length
        report({ done: result.imported.length, total: queue.length })
        return result
      } finally {
        queue.forEach(release)
      }
    }),
  )
  return { jobId, files: queue.length }
}
