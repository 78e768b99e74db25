import { basename } from 'node:path'
import type { importCalls } from '../../shared/contract/import'
import type { HandlersOf } from '../context'
import { AppError } from '../errors'
import { getSettings, requireOperator, ownerOf } from '../settings/store'
import { commitStaged, reanalyse, stageBytes } from './stage'
import { toStagedFile } from './staging'
import { importFromPath } from './fromPath'
import { MAX_FILE_BYTES, readPicked, tooBig } from './picked'
import { importStats } from './stats'
import { commitAll } from './bulk'
import { lastUndoable, undoLastImport } from './undo/undo'

export const importHandlers: HandlersOf<typeof importCalls> = {
  'import.pickFiles': async (_input, ctx) => {
    const paths = await ctx.host.pickImportFiles()
    const staged = []
    for (const path of paths) staged.push(toStagedFile(await stageBytes(ctx, basename(path), await readPicked(path), 'dialog')))
    return staged
  },
  'import.upload': async ({ fileName, bytes }, ctx) => {
    if (bytes.length > MAX_FILE_BYTES) throw tooBig(fileName)
    return toStagedFile(await stageBytes(ctx, basename(fileName), bytes, 'drop'))
  },
  'import.staged': async (_input, ctx) => ctx.staging.list().map(toStagedFile),
  'import.analyse': async ({ stagedId, ...choices }, ctx) => {
    const staged = ctx.staging.get(stagedId)
    await reanalyse(ctx, staged, choices, (await getSettings(ctx.db, ownerOf(ctx))).operatorName)
    return toStagedFile(staged)
  },
  'import.commit': async ({ stagedId, importRest }, ctx) => {
    const operator = await requireOperator(ctx.db, ownerOf(ctx))
    return { jobId: commitStaged(ctx, ctx.staging.get(stagedId), importRest, operator) }
  },
  'import.commitAll': async ({ importRest }, ctx) => commitAll(ctx, importRest, await requireOperator(ctx.db, ownerOf(ctx))),
  'import.discard': async ({ stagedId }, ctx) => {
    const staged = ctx.staging.get(stagedId)
    if (staged.status === 'importing') throw new AppError('staged-busy', `「${staged.fileName}」正在匯入，無法取消。`)
    return { discarded: ctx.staging.discard(stagedId) }
  },
  'import.batches': async ({ limit }, { db }) => {
    const rows = await db.selectFrom('import_batches').selectAll().orderBy('id', 'desc').limit(limit).execute()
    return rows.map((b) => ({
      id: b.id, fileName: b.file_name, fileKind: b.file_kind, term: b.term, sheets: JSON.parse(b.sheets),
      importedAt: b.imported_at, operator: b.operator, added: b.added, updated: b.updated, unchanged: b.unchanged,
      vanished: b.vanished, skipped: b.skipped, skippedReasons: JSON.parse(b.skipped_reasons), unconfirmedStudents: b.unconfirmed_students,
    }))
  },
  'import.stats': async (_input, ctx) => importStats(ctx),
  'import.lastUndoable': async (_input, ctx) => lastUndoable(ctx),
  'import.undoLast': async ({ batchId }, ctx) => {
    const undone = await undoLastImport(ctx, batchId)
    // Its card no longer says the file is imported: the file can be dropped in again.
    for (const staged of ctx.staging.list()) if (staged.summary?.batchId === batchId) ctx.staging.discard(staged.id)
    return undone
  },
  'import.file': async ({ path, term, zipPassword }, ctx) => importFromPath(ctx, path, term ?? null, zipPassword ?? null),
}
