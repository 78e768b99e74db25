import { basename } from 'node:path'
import { coverageText, type FileImported, type StagedFile } from '../../shared/contract/import'
import { formatDate } from '../../shared/dates'
import type { CoreContext } from '../context'
import { AppError } from '../errors'
import { getSettings, ownerOf } from '../settings/store'
import { readPicked } from './picked'
import { readInWorker } from './reading'
import { filesOf } from './receipt/stage'
import { isReceiptZip } from './receipt/zip'
import { savedMappings } from './columnMappings'
import { commitStaged, hashOf, reanalyse, stageBytes } from './stage'
import { toStagedFile } from './staging'
import { importWhileReading } from './whileReading'

/**
 * Who an import without a window is recorded under: the operator named in 設定, else the name
 * the host gives unattended work (the CLI's 「命令列」); a host with neither is refused, as the
 * window is.
 */
async function unattendedOperator(ctx: CoreContext): Promise<string> {
  const { operatorName } = await getSettings(ctx.db, ownerOf(ctx))
  const name = operatorName ?? ctx.host.unattendedOperator
  if (!name) throw new AppError('operator-missing', '請先到「設定」填寫您的姓名，再進行這項操作。')
  return name
}

const refusal = (view: StagedFile) =>
  view.termNeeded ? 'term-needed' : view.zipPassword === 'needed' ? 'zip-password-needed' : view.zipPassword === 'wrong' ? 'zip-password-wrong' : 'file-refused'

/**
 * A file named by path, imported as the window imports a dropped file, with nobody to ask: the
 * same size cap, analysis and rules; rows with problems skipped (each listed in the summary).
 * A 收訖 zip is opened with `zipPassword` when it asks for one, and each of its data files is
 * imported in turn; one that cannot be refuses the rest (those before it stay imported).
 */
export async function importFromPath(ctx: CoreContext, path: string, term: string | null, zipPassword: string | null): Promise<FileImported[]> {
  const operator = await unattendedOperator(ctx)
  const fileName = basename(path)
  const bytes = await readPicked(path)
  // A record file is written while a worker thread reads it (whileReading.ts): on two cores about
  // as long as the longer of reading and writing, not both. Any other file (a roster, confirmation
  // results, a 收訖 zip, one refused at once) is analysed whole first, as in the window.
  if (ctx.host.importWorker && !(await isReceiptZip(bytes))) {
    const reading = readInWorker(ctx.host.importWorker, { bytes, fileName, term, saved: await savedMappings(ctx) })
    const summary = await importWhileReading(ctx, reading, { fileName, fileHash: await hashOf(bytes), operator })
    if (summary) return [{ summary, coverage: null }]
  }
  const staged = await stageBytes(ctx, fileName, bytes, 'cli', term)
  await ctx.jobs.wait(staged.jobId!).catch(() => undefined)
  if (staged.receipt?.asks && zipPassword) {
    await reanalyse(ctx, staged, { zipPassword }, operator)
    await ctx.jobs.wait(staged.jobId!).catch(() => undefined)
  }
  const { dateStyle } = await getSettings(ctx.db, ownerOf(ctx))
  const imported: FileImported[] = []
  for (const file of filesOf(staged)) {
    await ctx.jobs.wait(file.jobId!).catch(() => undefined)
    const view = toStagedFile(file)
    if (view.status !== 'ready') throw new AppError(refusal(view), view.message ?? `無法匯入「${view.fileName}」。`)
    const coverage = view.coverage && coverageText(view.coverage, (date) => formatDate(date, dateStyle))
    imported.push({ summary: await ctx.jobs.wait(commitStaged(ctx, file, true, operator)), coverage: coverage || null })
  }
  return imported
}
