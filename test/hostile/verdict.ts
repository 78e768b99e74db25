import type { TempCore } from '../helpers/tempCore'
import { settled } from '../helpers/importer'
import { felt } from '../helpers/loopProbe'
import { stateHash } from '../helpers/schoolImport'
import type { HostileCase } from './corpus'

// What a hostile file must do (issue 10): be refused with a zh-TW message naming the file —
// never the generic 「發生未預期的錯誤」 — or be read; either way within a few seconds per MB
// of input and a few hundred MB of memory, never holding the event loop past 200 ms, and
// leaving the DB as it was (byte-identical, on SQLite), an attempt to import a refused file included.

export const BOUNDS = {
  stallMs: 200,
  rssGrowthMb: 400,
  /** Generous: the machine is shared. The work itself takes a fraction of this. */
  seconds: (inputMb: number) => 10 + 3 * inputMb,
}

export interface Verdict {
  id: string
  family: HostileCase['family']
  inputMb: number
  outcome: 'read' | 'refused'
  message: string | null
  stallMs: number
  rssGrowthMb: number
  seconds: number
  /** The rules it broke, in words; empty when it behaved. */
  broken: string[]
}

const CJK = /[\u4e00-\u9fff]/

export async function judge(t: TempCore, hostile: HostileCase): Promise<Verdict> {
  const bytes = hostile.bytes()
  const inputMb = bytes.length / 1048576
  const hashBefore = await stateHash(t)
  const run = await felt(async () => {
    const staged = await t.call('import.upload', { fileName: hostile.fileName, bytes: bytes as Uint8Array<ArrayBuffer> })
    await t.core.ctx.jobs.wait(staged.jobId!).catch(() => undefined)
    // A 收訖 zip that opens gives its place to its data files, each analysed in turn: judged each.
    const all = await settled(t)
    const files = all.some((s) => s.id === staged.id) ? all.filter((s) => s.id === staged.id) : all.filter((s) => s.fromZip === hostile.fileName)
    return Promise.all(files.map(async (file) => ({ staged: file, job: await t.call('jobs.get', { id: file.jobId! }) })))
  })
  const broken: string[] = []
  if (run.value.length === 0) broken.push('the zip opened to nothing')
  for (const { staged, job } of run.value) {
    const named = `「${staged.fileName}」`
    if (staged.status === 'refused') {
      const message = staged.message ?? ''
      if (!message.includes(named)) broken.push(`the refusal does not name the file: ${message}`)
      if (!CJK.test(message) || /發生未預期的錯誤/.test(message)) broken.push(`the refusal is not a zh-TW message of its own: ${message}`)
      if (job.state === 'failed' && job.error.code === 'internal') broken.push(`the analysis crashed: ${job.error.message}`)
      const attempt = await t.call('import.commit', { stagedId: staged.id, importRest: true }).then(
        () => 'imported',
        (error: Error & { code: string }) => (error.code === 'staged-not-ready' && error.message.includes(named) ? null : `${error.code}: ${error.message}`),
      )
      if (attempt) broken.push(`importing it anyway was not refused as it should be: ${attempt}`)
    } else if (staged.status !== 'ready') {
      broken.push(`it ended neither read nor refused: ${staged.status}`)
    }
  }
  if ((await stateHash(t)) !== hashBefore) broken.push('the DB changed')
  if (run.stallMs > BOUNDS.stallMs) broken.push(`the event loop stalled ${run.stallMs} ms`)
  if (run.rssGrowthMb >= BOUNDS.rssGrowthMb) broken.push(`memory grew ${run.rssGrowthMb} MB`)
  if (run.seconds > BOUNDS.seconds(inputMb)) broken.push(`it took ${run.seconds.toFixed(1)} s for ${inputMb.toFixed(1)} MB`)
  for (const { staged } of run.value) await t.call('import.discard', { stagedId: staged.id })
  const refused = run.value.find((f) => f.staged.status !== 'ready')?.staged
  return {
    id: hostile.id,
    family: hostile.family,
    inputMb,
    outcome: refused ? 'refused' : 'read',
    message: refused?.message ?? null,
    stallMs: run.stallMs,
    rssGrowthMb: run.rssGrowthMb,
    seconds: run.seconds,
    broken,
  }
}
