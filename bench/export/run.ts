import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createCore } from '../../src/core'
import type { SqliteStore } from '../../src/core/db/sqlite/store'
import { copyFileToServer } from '../../src/core/db/transfer'
import { headlessHost } from '../../src/core/host'
import { seedManyItems } from '../../test/helpers/seedExport'
import { sqliteOf } from '../../test/helpers/sqliteOf'
import { backendsOf, BACKEND_OPTION, startBenchServer } from '../backends'

// bench/export: a 100,000-row worklist written by the app, next to a bare exceljs streaming
// write of the same rows, each in its own child process, alternating, three times each.
// Targets (issue 5): app time ≤ 1.3 × bare, app peak RSS ≤ 300 MB. With `--backend pg` or `both`
// (the default; issue 11) the app also exports from a PostgreSQL server holding the same rows
// (copied from the file as 設定 → 資料庫 moves a school), measured against the same bare write.
// npm run bench:export [-- --backend sqlite|pg|both]   (BENCH_ROWS, BENCH_RUNS in the environment)

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const root = join(__dirname, '..', '..')
const { values } = parseArgs({ options: { ...BACKEND_OPTION } })

type Mode = 'app' | 'app-pg' | 'bare' | 'idle'
const LABEL: Record<Mode, string> = {
  bare: 'bare exceljs streaming write', app: 'app export (writeWorkbook)', 'app-pg': 'app export on PostgreSQL', idle: '',
}

interface Run {
  mode: string
  ms: number
  cpuMs: number
  rows: number
  maxRssMb: number
}

function child(mode: Mode, dbFile: string, out: string): Run {
  const stdout = execFileSync(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), join(__dirname, 'child.ts'), mode, dbFile, out],
    { encoding: 'utf8', cwd: root, maxBuffer: 16 * 1024 * 1024 },
  )
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Run
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main() {
  const backends = backendsOf(values.backend)
  const dir = mkdtempSync(join(tmpdir(), 'bench-export-'))
  try {
    const dbFile = join(dir, 'bench.sqlite')
    const clock = () => new Date('2025-10-17T09:00:00+08:00')
    const core = await createCore({ dbFile, host: headlessHost, clock })
    const seeded = seedManyItems(sqliteOf(core), 6100, ROWS)
    sqliteOf(core).pragma('wal_checkpoint(TRUNCATE)')
    await core.close()
    const server = backends.includes('pg') ? await startBenchServer() : null
    // The server's database: the file's rows, copied as 設定 → 資料庫 moves a school.
    const target = server ? await server.database('bench_export') : null
    if (server && target) {
      const local = await createCore({ dbFile, host: headlessHost, clock })
      const remote = await createCore({ dbFile: join(dir, 'unused.sqlite'), server: target, host: headlessHost, clock })
      await copyFileToServer(local.ctx.store as SqliteStore, remote.ctx.store)
      await Promise.all([local.close(), remote.close()])
      console.log(`PostgreSQL cluster on loopback: ${await server.settings()}`)
    }
    const modes: Mode[] = ['bare', ...(backends.includes('sqlite') ? ['app' as const] : []), ...(server ? ['app-pg' as const] : [])]
    console.log(`bench/export — ${seeded.toLocaleString()} report items, ${RUNS} runs each (median), ` +
      `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`)

    const runs: Run[] = []
    for (let i = 0; i < RUNS; i++) {
      for (const mode of modes) {
        const out = join(dir, `${mode}-${i}.xlsx`)
        const run = child(mode, mode === 'app-pg' ? JSON.stringify(target) : dbFile, out)
        runs.push(run)
        console.log(
          `  ${mode.padEnd(6)} run ${i + 1}: ${(run.ms / 1000).toFixed(2)} s (CPU ${(run.cpuMs / 1000).toFixed(2)} s), ` +
            `peak RSS ${run.maxRssMb.toFixed(0)} MB, ${(statSync(out).size / 1e6).toFixed(1)} MB file`,
        )
      }
    }
    const idle = child('idle', dbFile, join(dir, 'idle.xlsx'))
    server?.stop()
    const of = (mode: string) => runs.filter((r) => r.mode === mode)
    const summary = (mode: string) => ({
      ms: median(of(mode).map((r) => r.ms)),
      cpuMs: median(of(mode).map((r) => r.cpuMs)),
      rss: median(of(mode).map((r) => r.maxRssMb)),
    })
    const bare = summary('bare')
    const s = (ms: number) => (ms / 1000).toFixed(2)
    console.log('')
    console.log(`| write of the ${seeded.toLocaleString()}-row worklist | time (s) | CPU time (s) | peak RSS (MB) |`)
    console.log('| --- | --- | --- | --- |')
    for (const mode of modes) {
      const m = summary(mode)
      console.log(`| ${LABEL[mode]} | ${s(m.ms)} | ${s(m.cpuMs)} | ${m.rss.toFixed(0)} |`)
    }
    console.log(`| (a process that loads the same modules and writes nothing) | | | ${idle.maxRssMb.toFixed(0)} |`)
    console.log('')
    for (const mode of modes.filter((m) => m !== 'bare')) {
      const app = summary(mode)
      const ratio = app.ms / bare.ms
      // On a server the CPU time is the app process's only: the server's own is spent in its processes.
      console.log(`${LABEL[mode]}: time ratio to bare ${ratio.toFixed(2)}× (CPU ${(app.cpuMs / bare.cpuMs).toFixed(2)}×; target ≤ 1.30×) ` +
        `${ratio <= 1.3 ? 'OK' : 'OVER'}; peak RSS ${app.rss.toFixed(0)} MB (target ≤ 300 MB) ${app.rss <= 300 ? 'OK' : 'OVER'}`)
    }
    if (runs.some((r) => r.mode !== 'bare' && r.rows !== seeded)) throw new Error('an app export did not write every row')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
