import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore } from '../../src/core'
import { headlessHost } from '../../src/core/host'
import { seedManyItems } from '../../test/helpers/seedExport'
import { sqliteOf } from '../../test/helpers/sqliteOf'

// bench/export: a 100,000-row worklist written by the app, next to a bare exceljs streaming
// write of the same rows, each in its own child process, alternating, three times each.
// Targets (issue 5): app time ≤ 1.3 × bare, app peak RSS ≤ 300 MB.

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const root = join(__dirname, '..', '..')

interface Run {
  mode: string
  ms: number
  cpuMs: number
  rows: number
  maxRssMb: number
}

function child(mode: 'app' | 'bare' | 'idle', dbFile: string, out: string): Run {
  const stdout = execFileSync(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), join(__dirname, 'child.ts'), mode, dbFile, out],
    { encoding: 'utf8', cwd: root, maxBuffer: 16 * 1024 * 1024 },
  )
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Run
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-export-'))
  try {
    const dbFile = join(dir, 'bench.sqlite')
    const core = await createCore({ dbFile, host: headlessHost, clock: () => new Date('2025-10-17T09:00:00+08:00') })
    const seeded = seedManyItems(sqliteOf(core), 6100, ROWS)
    sqliteOf(core).pragma('wal_checkpoint(TRUNCATE)')
    await core.close()
    console.log(`bench/export — ${seeded.toLocaleString()} report items, ${RUNS} runs each (median)`)

    const runs: Run[] = []
    for (let i = 0; i < RUNS; i++) {
      for (const mode of ['bare', 'app'] as const) {
        const out = join(dir, `${mode}-${i}.xlsx`)
        const run = child(mode, dbFile, out)
        runs.push(run)
        console.log(
          `  ${mode.padEnd(4)} run ${i + 1}: ${(run.ms / 1000).toFixed(2)} s (CPU ${(run.cpuMs / 1000).toFixed(2)} s), ` +
            `peak RSS ${run.maxRssMb.toFixed(0)} MB, ${(statSync(out).size / 1e6).toFixed(1)} MB file`,
        )
      }
    }
    const idle = child('idle', dbFile, join(dir, 'idle.xlsx'))
    const of = (mode: string) => runs.filter((r) => r.mode === mode)
    const summary = (mode: string) => ({
      ms: median(of(mode).map((r) => r.ms)),
      cpuMs: median(of(mode).map((r) => r.cpuMs)),
      rss: median(of(mode).map((r) => r.maxRssMb)),
    })
    const app = summary('app')
    const bare = summary('bare')
    const ratio = app.ms / bare.ms
    const s = (ms: number) => (ms / 1000).toFixed(2)
    console.log('')
    console.log(`| write of the ${seeded.toLocaleString()}-row worklist | time (s) | CPU time (s) | peak RSS (MB) |`)
    console.log('| --- | --- | --- | --- |')
    console.log(`| bare exceljs streaming write | ${s(bare.ms)} | ${s(bare.cpuMs)} | ${bare.rss.toFixed(0)} |`)
    console.log(`| app export (writeWorkbook) | ${s(app.ms)} | ${s(app.cpuMs)} | ${app.rss.toFixed(0)} |`)
    console.log(`| (a process that loads the same modules and writes nothing) | | | ${idle.maxRssMb.toFixed(0)} |`)
    console.log('')
    console.log(`time ratio app / bare: ${ratio.toFixed(2)}× (CPU ${(app.cpuMs / bare.cpuMs).toFixed(2)}×; target ≤ 1.30×) ${ratio <= 1.3 ? 'OK' : 'OVER'}`)
    console.log(`app peak RSS: ${app.rss.toFixed(0)} MB (target ≤ 300 MB) ${app.rss <= 300 ? 'OK' : 'OVER'}`)
    if (of('app').some((r) => r.rows !== seeded)) throw new Error('the app export did not write every row')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
