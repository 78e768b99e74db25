import type { ImportSummary, StagedFile } from '../../src/shared/contract/import'
import type { TempCore } from './tempCore'

/** Stages bytes as a drop would, and waits for the analysis. */
export async function stage(t: TempCore, fileName: string, bytes: Uint8Array): Promise<StagedFile> {
  const staged = await t.call('import.upload', { fileName, bytes: bytes as Uint8Array<ArrayBuffer> })
  await t.core.ctx.jobs.wait(staged.jobId!).catch(() => undefined)
  return stagedById(t, staged.id)
}

export async function stagedById(t: TempCore, id: string): Promise<StagedFile> {
  const found = (await t.call('import.staged', {})).find((s) => s.id === id)
  if (!found) throw new Error(`no staged file ${id}`)
  return found
}

/** Re-analyses with choices and waits. */
export async function choose(t: TempCore, id: string, choices: Omit<Parameters<TempCore['call']>[1] & object, never> & Record<string, unknown>): Promise<StagedFile> {
  const staged = await t.call('import.analyse', { stagedId: id, ...choices } as never)
  await t.core.ctx.jobs.wait(staged.jobId!).catch(() => undefined)
  return stagedById(t, id)
}

export async function commit(t: TempCore, id: string, importRest = false): Promise<ImportSummary> {
  const { jobId } = await t.call('import.commit', { stagedId: id, importRest })
  return t.core.ctx.jobs.wait<ImportSummary>(jobId)
}

/** Stage + commit in one go; throws if the file is refused. */
export async function importBytes(t: TempCore, fileName: string, bytes: Uint8Array, options: { importRest?: boolean; term?: string } = {}): Promise<ImportSummary> {
  let staged = await stage(t, fileName, bytes)
  if (options.term) staged = await choose(t, staged.id, { term: options.term })
  if (staged.status !== 'ready') throw Object.assign(new Error(staged.message ?? staged.status), { staged })
  return commit(t, staged.id, options.importRest)
}

/** Waits until no staged file is being analysed (a 收訖 zip's data files are analysed after it is unpacked). */
export async function settled(t: TempCore): Promise<StagedFile[]> {
  for (;;) {
    const staged = await t.call('import.staged', {})
    const busy = staged.filter((s) => s.status === 'analysing')
    if (busy.length === 0) return staged
    for (const s of busy) await t.core.ctx.jobs.wait(s.jobId!).catch(() => undefined)
  }
}

/**
 * Stages a 收訖 zip as a drop would, gives its password when it asks for one, and returns the
 * data files it was unpacked into, analysed — or the zip itself when it stays (refused).
 */
export async function stageZip(t: TempCore, fileName: string, bytes: Uint8Array, password?: string): Promise<StagedFile[]> {
  const zip = await t.call('import.upload', { fileName, bytes: bytes as Uint8Array<ArrayBuffer> })
  await t.core.ctx.jobs.wait(zip.jobId!).catch(() => undefined)
  const asks = (await t.call('import.staged', {})).find((s) => s.id === zip.id)?.zipPassword
  if (asks && password) {
    const unlocking = await t.call('import.analyse', { stagedId: zip.id, zipPassword: password })
    await t.core.ctx.jobs.wait(unlocking.jobId!).catch(() => undefined)
  }
  const staged = await settled(t)
  const files = staged.filter((s) => s.fromZip === fileName)
  return files.length ? files : staged.filter((s) => s.id === zip.id)
}
