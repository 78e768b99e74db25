import { writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ImportSummary } from '../../../src/shared/contract/import'
import type { JobProgress } from '../../../src/shared/contract/jobs'
import { writeLargeCourseFiles } from '../../fixtures/school'
import { stage } from '../../helpers/importer'
import { bytesOf, importPath } from '../../helpers/schoolImport'
import { fixedClock, tempCore, tempDir, type TempCore } from '../../helpers/tempCore'

// A big file must not freeze the window: while it is analysed and while it is written, the
// window's calls (its progress polls first of all) are answered, and the progress bar moves.
// The renderer polls `jobs.get`; here a poll every millisecond does the same.

const ROWS = 8000
let files: { xlsx: string; csv: string }
let t: TempCore

beforeAll(async () => {
  const dir = tempDir('responsive-')
  const large = await writeLargeCourseFiles(dir, { rows: ROWS })
  files = large
  const roster = join(dir, 'roster.csv')
  writeFileSync(roster, ['學號,姓名,班級,座號,身分證號', ...large.school.students.map((s) => [s.studentNo, s.name, s.className, s.seat, s.nationalId].join(','))].join('\r\n'))
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君' })
  await importPath(t, roster)
}, 120_000)
afterAll(() => t.cleanup())

/** Polls a job as the page does until it ends, keeping every progress it was answered with. */
async function watch(jobId: string, whileRunning: (progress: JobProgress) => void = () => undefined): Promise<JobProgress[]> {
  const seen: JobProgress[] = []
  for (;;) {
    const status = await t.call('jobs.get', { id: jobId })
    if (status.state !== 'running') return seen
    seen.push(status.progress)
    whileRunning(status.progress)
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}

const courseCount = async () =>
  Number((await t.core.ctx.db.selectFrom('course_records').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

it('answers while a large CSV is analysed: its progress is seen moving through the file', async () => {
  const staged = await t.call('import.upload', { fileName: basename(files.csv), bytes: bytesOf(files.csv) as Uint8Array<ArrayBuffer> })
  const seen = await watch(staged.jobId!)
  const reading = [...new Set(seen.filter((p) => p.total).map((p) => p.done))]
  expect(reading.length).toBeGreaterThan(2)
  await t.call('import.discard', { stagedId: staged.id })
})

it('writes a large file a thousand rows at a time: rows written of the total, and a query asked meanwhile sees all or nothing', async () => {
  const staged = await stage(t, basename(files.xlsx), bytesOf(files.xlsx))
  expect(staged.status).toBe('ready')
  const { jobId } = await t.call('import.commit', { stagedId: staged.id, importRest: true })
  let asked: Promise<number> | null = null
  const seen = await watch(jobId, (progress) => {
    // Asked half-way through the write: on SQLite it waits for the import's transaction to end;
    // a server answers at once from the snapshot before the import. Never a part of it.
    if (progress.label === '寫入資料庫' && progress.done > 0) asked ??= courseCount()
  })
  const summary = await t.core.ctx.jobs.wait<ImportSummary>(jobId)
  expect(summary.added).toBe(ROWS)

  const writing = seen.filter((p) => p.label === '寫入資料庫')
  const done = writing.map((p) => p.done)
  expect(new Set(writing.map((p) => p.total))).toEqual(new Set([ROWS]))
  expect(done).toEqual([...done].sort((a, b) => a - b))
  expect(new Set(done.filter((d) => d > 0 && d < ROWS)).size).toBeGreaterThan(2)
  expect(asked).not.toBeNull()
  expect(await asked).toBe(t.core.ctx.store.backend === 'sqlite' ? ROWS : 0)
})
