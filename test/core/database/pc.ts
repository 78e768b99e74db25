import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore } from '../../../src/core'
import type { ServerTarget } from '../../../src/core/db/postgres/target'
import { headlessHost } from '../../../src/core/host'

// One PC of a school sharing a server, as a process of its own (test/core/database/pcs.pg.test.ts):
// opens a core on the server, waits for the common start time, runs its calls one after the other
// and prints each outcome as a JSON line. Its script comes in a JSON file named on the command line.

interface Script {
  server: ServerTarget
  pc: string
  operator: string
  /** Milliseconds since the epoch: every PC starts its calls at the same moment. */
  startAt: number
  calls: { name: string; input: unknown }[]
}

async function main() {
  const script = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Script
  const core = await createCore({
    dbFile: join(mkdtempSync(join(tmpdir(), 'receipt-desk-pc-')), 'unused.sqlite'), server: script.server, pc: script.pc, host: headlessHost,
    clock: () => new Date('2025-10-18T10:00:00+08:00'), version: 'test',
  })
  try {
    await core.dispatch('settings.update', { operatorName: script.operator })
    while (Date.now() < script.startAt) await new Promise((r) => setTimeout(r, 2))
    for (const c of script.calls) process.stdout.write(`${JSON.stringify(await core.dispatch(c.name, c.input))}\n`)
  } finally {
    await core.close()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 1
})
