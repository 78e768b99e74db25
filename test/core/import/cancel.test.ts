import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { JobStatus } from '../../../src/shared/contract/jobs'
import { stagedById } from '../../helpers/importer'
import { collectGarbage } from '../../helpers/loopProbe'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'

// Discarding a file, or choosing again while it is analysed, stops the analysis under way:
// its job ends as cancelled long before the file is read through, and the file's bytes are
// no longer held (issue 10: "Discarding a file does not stop its analysis").

let t: TempCore
beforeEach(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
})
afterEach(() => t.cleanup())

const ROWS = 150_000

/** A roster big enough that reading it takes seconds. */
function bigRoster(): Uint8Array {
  const lines = ['學號,姓名,班級,座號']
  for (let i = 0; i < ROWS; i++) lines.push(`${100000 + i},林小華,${201 + (i % 30)},${String(1 + (i % 40)).padStart(2, '0')}`)
  return new Uint8Array(Buffer.from(lines.join('\r\n'), 'utf8'))
}

/** Uploads the roster and returns once its analysis has read some of it (the bytes only weakly held). */
async function uploadAndWaitForReading(): Promise<{ stagedId: string; jobId: string; bytes: WeakRef<Uint8Array> }> {
  const bytes = bigRoster()
  const staged = await t.call('import.upload', { fileName: '大名冊.csv', bytes: bytes as Uint8Array<ArrayBuffer> })
  for (;;) {
    const job = await t.call('jobs.get', { id: staged.jobId! })
    if (job.state !== 'running') throw new Error(`the analysis ended before it could be cancelled: ${job.state}`)
    if (job.progress.total && job.progress.done > 0) break
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return { stagedId: staged.id, jobId: staged.jobId!, bytes: new WeakRef(bytes) }
}

async function ended(jobId: string): Promise<JobStatus> {
  await t.core.ctx.jobs.wait(jobId).catch(() => undefined)
  return t.call('jobs.get', { id: jobId })
}

/** Whether the bytes are collected within a second: full collections between turns of the event loop. */
async function letGo(bytes: WeakRef<Uint8Array>): Promise<boolean> {
  for (let tries = 0; tries < 20; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    collectGarbage()
    if (bytes.deref() === undefined) return true
  }
  return false
}

describe('an analysis under way', () => {
  it('is cancelled when its file is discarded: the job ends as cancelled part-way, and the bytes are let go', async () => {
    const { stagedId, jobId, bytes } = await uploadAndWaitForReading()
    expect(await t.call('import.discard', { stagedId })).toEqual({ discarded: true })
    const job = await ended(jobId)
    expect(job.state).toBe('cancelled')
    expect(job.progress.done).toBeLessThan(job.progress.total!)
    expect(await letGo(bytes)).toBe(true)
  })

  it('is superseded by a new choice made meanwhile: the first job is cancelled, the new one reads the file', async () => {
    const { stagedId, jobId } = await uploadAndWaitForReading()
    const again = await t.call('import.analyse', { stagedId, term: '1132' })
    expect(again.jobId).not.toBe(jobId)
    expect((await ended(jobId)).state).toBe('cancelled')
    expect((await ended(again.jobId!)).state).toBe('done')
    expect(await stagedById(t, stagedId)).toMatchObject({ status: 'ready', rows: ROWS })
  })
})
