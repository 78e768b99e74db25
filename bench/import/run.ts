import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { parseArgs } from 'node:util'
import { createCore } from '../../src/core'
import { headlessHost } from '../../src/core/host'
import { commitStaged, stageBytes } from '../../src/core/import/stage'
import { LARGE_FILE_NAMES, writeLargeCourseFiles } from '../../test/fixtures/school'
import type { CaseName } from './cases'
import { sqliteOf } from '../../test/helpers/sqliteOf'
import { BACKEND_LABEL, BACKEND_OPTION, backendsOf, startBenchServer, type BenchBackend } from '../backends'
import { rosterDatabase } from './server'

// npm run bench:import [-- --rows 110000 --runs 3 --backend sqlite|pg|both --only whole,xlsx,csv]
//
// The 110,000-row course-record file (xlsx and csv) of the fixture school: the app's import,
// and a re-import of the same file, each next to a bare read of the same file in the same run.
// Every case runs in its own process, so its peak RSS (process.resourceUsage().maxRSS) is its own.
// Targets (issue 3): import ≤ 1.5× the bare exceljs read, re-import ≤ 1.5× with zero rows
// written, peak RSS ≤ 400 MB. On a PostgreSQL server (issue 11, run beside SQLite by default):
// import ≤ 1.5× the SQLite import of the same run.
// First, the whole-process comparison of issue 13: `npm run -s cli -- import` of the xlsx, as a user
// types it, against `node` reading every cell with exceljs (bareExceljsRead.cjs), start to exit.
// Target: ≤ 1.0×, peak RSS ≤ 400 MB. `--only` runs some of the three parts (whole, xlsx, csv).

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '110000' }, runs: { type: 'string', default: '3' }, only: { type: 'string', default: 'whole,xlsx,csv' },
    ...BACKEND_OPTION,
  },
})
const ROWS = Number(values.rows)
const RUNS = Number(values.runs)
const ONLY = new Set(values.only.split(','))
const DIR = join(tmpdir(), `receipt-desk-bench-import-${ROWS}`)
/** This run's databases: the files above are shared with other runs, the DBs each import leaves are not. */
const RUN_DIR = join(DIR, `run-${process.pid}`)
const CASES = join(__dirname, 'cases.ts')
const ROOT = join(__dirname, '..', '..')

interface Result {
  ms: number
  maxRssMb: number
  rowsWritten?: number
  analysisPauseMs?: number
  commitPauseMs?: number
  added?: number
  unchanged?: number
  skipped?: number
  rows?: number
}

function runCase(name: CaseName, ...args: string[]): Result {
  const child = spawnSync(process.execPath, ['--import', 'tsx', CASES, name, ...args], { encoding: 'utf8', maxBuffer: 16 << 20 })
  if (child.status !== 0) throw new Error(`${name} failed:\n${child.stderr}`)
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!)
}

type Case = [CaseName, ...string[]]

/** Each case's median time, highest peak RSS and longest pauses, over RUNS runs; the cases run in turn, run by run. */
function measure(...cases: Case[]): Result[] {
  const runs = cases.map(() => [] as Result[])
  for (let i = 0; i < RUNS; i++) cases.forEach(([name, ...args], k) => runs[k].push(runCase(name, ...args)))
  return runs.map((results) => {
    const times = results.map((r) => r.ms).sort((a, b) => a - b)
    const most = (pick: (r: Result) => number | undefined) => Math.max(...results.map((r) => pick(r) ?? 0))
    return {
      ...results[0], ms: times[Math.floor(times.length / 2)], maxRssMb: most((r) => r.maxRssMb),
      analysisPauseMs: most((r) => r.analysisPauseMs), commitPauseMs: most((r) => r.commitPauseMs),
    }
  })
}

async function prepare(): Promise<{ xlsx: string; csv: string; template: string }> {
  mkdirSync(DIR, { recursive: true })
  const xlsx = join(DIR, LARGE_FILE_NAMES.xlsx)
  const csv = join(DIR, LARGE_FILE_NAMES.csv)
  const template = join(DIR, 'roster-only.sqlite')
  if (existsSync(xlsx) && existsSync(csv) && existsSync(template)) return { xlsx, csv, template }
  console.log(`Writing the ${ROWS.toLocaleString()}-row course files into ${DIR} …`)
  const { school } = await writeLargeCourseFiles(DIR, { rows: ROWS })
  // The roster of the same 3,600 students, imported first: records link to students through it.
  const roster = join(DIR, 'roster.csv')
  writeFileSync(roster, ['學號,姓名,班級,座號,身分證號', ...school.students.map((s) => [s.studentNo, s.name, s.className, s.seat, s.nationalId].join(','))].join('\r\n'))
  rmSync(template, { force: true })
  const core = await createCore({ dbFile: template, host: headlessHost, version: 'bench' })
  const staged = await stageBytes(core.ctx, 'roster.csv', new Uint8Array(readFileSync(roster)), 'cli')
  await core.ctx.jobs.wait(staged.jobId!)
  await core.ctx.jobs.wait(commitStaged(core.ctx, staged, true, '效能測試'))
  sqliteOf(core).pragma('wal_checkpoint(TRUNCATE)')
  await core.close()
  return { xlsx, csv, template }
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const mb = (n: number) => `${n} MB`
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED')

interface Imports {
  imported: Result
  again: Result
}

function importLines(label: string, { imported, again }: Imports, exceljs: Result) {
  return [
    `  ${`import${label} (stage + analyse + write)`.padEnd(34)} ${s(imported.ms).padStart(8)}  ${mb(imported.maxRssMb).padStart(8)}  ${ratio(imported.ms, exceljs.ms)}` +
      `   rows written ${imported.rowsWritten?.toLocaleString()} (added ${imported.added?.toLocaleString()})`,
    `  ${`re-import${label}, unchanged`.padEnd(34)} ${s(again.ms).padStart(8)}  ${mb(again.maxRssMb).padStart(8)}  ${ratio(again.ms, exceljs.ms)}` +
      `   rows written ${again.rowsWritten} (unchanged ${again.unchanged?.toLocaleString()})`,
  ]
}

function report(file: string, bare: { label: string; result: Result }[], imports: Map<BenchBackend, Imports>) {
  const exceljs = bare[0].result
  const lines = [
    '',
    `${basename(file)} — ${ROWS.toLocaleString()} rows, ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB (median of ${RUNS} runs; peak RSS is the highest)`,
    `  ${'case'.padEnd(34)} ${'time'.padStart(8)}  ${'peak RSS'.padStart(8)}  ratio to ${bare[0].label}`,
    ...bare.map(({ label, result }) => `  ${label.padEnd(34)} ${s(result.ms).padStart(8)}  ${mb(result.maxRssMb).padStart(8)}  ${ratio(result.ms, exceljs.ms)}`),
  ]
  const file_ = imports.get('sqlite')
  const server = imports.get('pg')
  if (file_) lines.push(...importLines('', file_, exceljs))
  if (server) lines.push(...importLines(' on PostgreSQL', server, exceljs))
  for (const [backend, { imported, again }] of imports) {
    const on = imports.size > 1 ? ` (${BACKEND_LABEL[backend]})` : ''
    if (bare.length > 1) lines.push(`  import${on} vs ${bare[1].label}: ${ratio(imported.ms, bare[1].result.ms)}, re-import: ${ratio(again.ms, bare[1].result.ms)}`)
    lines.push(`  longest pause of the event loop${on} (the window's calls wait): analysing ${imported.analysisPauseMs} ms, ` +
      `writing ${imported.commitPauseMs} ms; re-import ${again.analysisPauseMs} / ${again.commitPauseMs} ms`)
  }
  if (file_) {
    const { imported, again } = file_
    lines.push(`  targets: import ≤ 1.5× ${verdict(imported.ms <= 1.5 * exceljs.ms)}; re-import ≤ 1.5× ${verdict(again.ms <= 1.5 * exceljs.ms)}` +
      `, zero rows written ${verdict(again.rowsWritten === 0)}; peak RSS ≤ 400 MB ${verdict(Math.max(imported.maxRssMb, again.maxRssMb) <= 400)}`)
  }
  if (server) {
    const { imported, again } = server
    lines.push(`  PostgreSQL: ` + (file_
      ? `import ${ratio(imported.ms, file_.imported.ms)} the SQLite import (target ≤ 1.5×) ${verdict(imported.ms <= 1.5 * file_.imported.ms)}; ` +
        `re-import ${ratio(again.ms, file_.again.ms)} the SQLite re-import; `
      : '') + `zero rows written ${verdict(again.rowsWritten === 0)}; peak RSS ≤ 400 MB ${verdict(Math.max(imported.maxRssMb, again.maxRssMb) <= 400)}`)
  }
  console.log(lines.join('\n'))
}

interface Whole {
  ms: number
  /** The highest peak RSS of the node processes the command started, npm's excepted (peakRss.cjs). */
  maxRssMb: number
  /** The CPU time of every node process the command started, npm's included: what it costs a loaded machine. */
  cpuMs: number
}

/** One command, start to exit, as a user's shell runs it; fails unless it prints `expect`. */
function runWhole(command: string, args: string[], expect: RegExp): Whole {
  const rssFile = join(DIR, 'peak-rss.jsonl')
  rmSync(rssFile, { force: true })
  const env = {
    ...process.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${join(__dirname, 'peakRss.cjs')}`.trim(),
    RECEIPT_DESK_BENCH_RSS: rssFile,
  }
  const started = performance.now()
  const child = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 16 << 20 })
  const ms = performance.now() - started
  if (child.status !== 0 || !expect.test(child.stdout)) throw new Error(`${command} ${args.join(' ')} failed:\n${child.stdout}\n${child.stderr}`)
  const peaks = readFileSync(rssFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { script: string; maxRssMb: number; cpuMs: number })
  return {
    ms,
    maxRssMb: Math.max(...peaks.filter((p) => !/npm-cli\.js$/.test(p.script)).map((p) => p.maxRssMb)),
    cpuMs: peaks.reduce((sum, p) => sum + p.cpuMs, 0),
  }
}

/**
 * The CLI's import of the course workbook into a DB holding only the roster (the records link to
 * students through it; the baseline reads this one workbook, so the CLI imports this one file), a
 * fresh copy every run, against the bare read: alternating, RUNS each, medians.
 */
function wholeProcess(xlsx: string, template: string) {
  const bare: Whole[] = []
  const cli: Whole[] = []
  for (let run = 0; run < RUNS; run++) {
    bare.push(runWhole(process.execPath, [join(__dirname, 'bareExceljsRead.cjs'), xlsx], new RegExp(`"rows":${ROWS + 1}`)))
    const dir = join(DIR, 'whole')
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir)
    const db = join(dir, 'school.sqlite')
    copyFileSync(template, db)
    cli.push(runWhole('npm', ['run', '-s', 'cli', '--', 'import', '--db', db, xlsx], new RegExp(`新增 ${ROWS}、`)))
  }
  const median = (list: Whole[], of: (w: Whole) => number) => list.map(of).sort((a, b) => a - b)[Math.floor(list.length / 2)]
  const summary = (list: Whole[]) => ({ ms: median(list, (w) => w.ms), cpuMs: median(list, (w) => w.cpuMs), maxRssMb: Math.max(...list.map((w) => w.maxRssMb)) })
  return { bare: summary(bare), cli: summary(cli), load: loadavg()[0] }
}

function reportWhole(xlsx: string, whole: ReturnType<typeof wholeProcess>, inProcess: number | null) {
  const { bare, cli } = whole
  const line = (label: string, w: Whole) =>
    `  ${label.padEnd(42)} ${s(w.ms).padStart(8)}  ${s(w.cpuMs).padStart(8)}  ${mb(w.maxRssMb).padStart(8)}  ${ratio(w.ms, bare.ms)}`
  console.log([
    '',
    `Whole process, ${basename(xlsx)} (start to exit, median of ${RUNS} runs alternating; peak RSS is the highest; load average ${whole.load.toFixed(1)})`,
    `  ${'case'.padEnd(42)} ${'time'.padStart(8)}  ${'CPU time'.padStart(8)}  ${'peak RSS'.padStart(8)}  ratio`,
    line('node bareExceljsRead.cjs (every cell)', bare),
    line('npm run -s cli -- import (roster in DB)', cli),
    `  whole-process ratio ${ratio(cli.ms, bare.ms)} (CPU ${ratio(cli.cpuMs, bare.cpuMs)})` + (inProcess === null ? '' : `   in-process ratio ${inProcess.toFixed(2)}×`),
    `  targets: whole process ≤ 1.0× ${verdict(cli.ms <= bare.ms)}; peak RSS ≤ 400 MB ${verdict(cli.maxRssMb <= 400)}`,
  ].join('\n'))
}

async function main() {
  const backends = backendsOf(values.backend)
  const { xlsx, csv, template } = await prepare()
  mkdirSync(RUN_DIR, { recursive: true })
  const server = backends.includes('pg') ? await startBenchServer() : null
  if (server) {
    await rosterDatabase(server, join(DIR, 'roster.csv'), 'roster_only')
    console.log(`PostgreSQL cluster on loopback: ${await server.settings()}`)
  }
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`)
  const at = (template: string, database: string) => JSON.stringify({ ...server!.cluster, template, database })
  const whole = ONLY.has('whole') ? wholeProcess(xlsx, template) : null
  if (whole && !ONLY.has('xlsx')) reportWhole(xlsx, whole, null)
  for (const [file, bareCases] of [
    ...(ONLY.has('xlsx') ? [[xlsx, [['bare exceljs streaming read', 'bare-xlsx'], ['bare exceljs non-streaming read', 'bare-xlsx-load']]]] : []),
    ...(ONLY.has('csv') ? [[csv, [['bare exceljs csv read', 'bare-csv-exceljs'], ['bare csv-parse read', 'bare-csv-parse']]]] : []),
  ] as [string, [string, CaseName][]][]) {
    const bare = bareCases.map(([label, name]) => ({ label, result: measure([name, file])[0] }))
    // Each backend's import, then its re-import, run by run in turn (both see the same load).
    const cases = (first: boolean) => backends.map((backend): Case => backend === 'sqlite'
      ? ['import', file, first ? template : join(RUN_DIR, 'after-import.sqlite'), join(RUN_DIR, first ? 'after-import.sqlite' : 'after-reimport.sqlite')]
      : ['import-pg', file, first ? at('roster_only', 'after_import') : at('after_import', 'after_reimport')])
    const imported = measure(...cases(true))
    const again = measure(...cases(false))
    report(file, bare, new Map(backends.map((b, i) => [b, { imported: imported[i], again: again[i] }])))
    const sqliteImport = imported[backends.indexOf('sqlite')]
    if (whole && file === xlsx) reportWhole(xlsx, whole, sqliteImport ? sqliteImport.ms / bare[0].result.ms : null)
  }
  server?.stop()
  rmSync(RUN_DIR, { recursive: true, force: true })
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
