import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { readInWorker } from '../../../src/core/import/reading'
import { writeLargeCourseFiles } from '../../fixtures/school'
import { tempDir } from '../../helpers/tempCore'

// The CLI reads a file in a worker thread (out/cli/importWorker.js, built by `npm run build`) and
// stops it part-way when the file turns out not to be a record file or the write fails. The thread
// must end by itself, between two parts: one terminated while it inflates the workbook can abort
// the whole process (Node 20, "close before init" of a zlib stream), seen in the CLI's tests.

const WORKER = join(__dirname, '..', '..', '..', 'out', 'cli', 'importWorker.js')
let file: string

beforeAll(async () => {
  file = (await writeLargeCourseFiles(tempDir('reading-stop-'), { rows: 20_000 })).xlsx
}, 120_000)

it('ends the reading thread by itself when stopped in the middle of a workbook, again and again', async () => {
  const bytes = new Uint8Array(readFileSync(file))
  for (let i = 0; i < 8; i++) {
    const reading = readInWorker(WORKER, { bytes, fileName: basename(file), term: null, saved: new Map() })
    const first = await reading.messages.next()
    expect(first.done ? null : first.value.type).toBe('rows')
    expect(await reading.stop()).toBe('ended')
    // What was read but not taken is dropped, and nothing comes after the stop.
    expect((await reading.messages.next()).done).toBe(true)
  }
}, 120_000)
