// npm run fuzz [-- FAMILY…]: runs the whole hostile corpus (test/hostile/corpus.ts), heavy
// files included, each family in a child process of its own, and prints per family the time
// taken and the memory used; then every file that broke a rule. Exit code 1 if any did.
// npm run fuzz -- --write DIR [FAMILY…]: writes the files instead (the 100 MB ones too).
import { spawn } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { importBytes } from '../helpers/importer'
import { fixedClock, removeTempDirs, tempCore } from '../helpers/tempCore'
import { baseFiles } from './bases'
import { FAMILIES, hostileCorpus, type Family } from './corpus'
import { judge, type Verdict } from './verdict'

interface FamilyRun {
  family: Family
  verdicts: Verdict[]
  peakRssMb: number
  seconds: number
}

/** In the child: every case of one family, a JSON line per verdict on stdout. */
async function runFamily(family: Family): Promise<void> {
  const t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  try {
    await t.call('settings.update', { operatorName: '陳怡君' })
    const roster = (await baseFiles()).find((b) => b.key === 'roster')!
    await importBytes(t, roster.fileName, roster.bytes, { importRest: true })
    for (const hostile of await hostileCorpus(1, [family])) {
      const verdict = await judge(t, hostile)
      process.stdout.write(`${JSON.stringify(verdict)}\n`)
    }
    process.stdout.write(`${JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`)
  } finally {
    await t.cleanup()
    removeTempDirs()
  }
}

function spawnFamily(family: Family): Promise<FamilyRun> {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--child', family], { stdio: ['ignore', 'pipe', 'inherit'] })
  const run: FamilyRun = { family, verdicts: [], peakRssMb: 0, seconds: 0 }
  let pending = ''
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (text: string) => {
    pending += text
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const line = JSON.parse(pending.slice(0, nl))
      pending = pending.slice(nl + 1)
      if ('peakRssMb' in line) run.peakRssMb = line.peakRssMb
      else {
        run.verdicts.push(line)
        process.stderr.write(line.broken.length ? 'x' : '.')
      }
    }
  })
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      run.seconds = (performance.now() - started) / 1000
      if (code === 0) resolve(run)
      else reject(new Error(`the ${family} run ended with exit code ${code}`))
    }))
}

function report(runs: FamilyRun[]): number {
  const rows = runs.map(({ family, verdicts, peakRssMb, seconds }) => {
    const slowest = verdicts.reduce((a, b) => (b.seconds > a.seconds ? b : a))
    return [
      family, verdicts.length, verdicts.filter((v) => v.outcome === 'read').length, verdicts.filter((v) => v.outcome === 'refused').length,
      verdicts.filter((v) => v.broken.length).length, seconds.toFixed(1), `${slowest.seconds.toFixed(2)} (${slowest.inputMb.toFixed(1)} MB)`,
      Math.max(...verdicts.map((v) => v.stallMs)), Math.max(...verdicts.map((v) => v.rssGrowthMb)), peakRssMb,
    ].map(String)
  })
  const header = ['family', 'files', 'read', 'refused', 'broken', 'total s', 'slowest s (its input)', 'max stall ms', 'max growth MB', 'peak RSS MB']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  console.log(`\n${line(header)}\n${rows.map(line).join('\n')}`)
  const total = runs.reduce((n, r) => n + r.verdicts.length, 0)
  const broken = runs.flatMap((r) => r.verdicts.filter((v) => v.broken.length))
  console.log(`\n${total} files; ${broken.length} broke a rule.`)
  for (const v of broken) console.log(`  ${v.id}: ${v.broken.join('; ')}`)
  return broken.length ? 1 : 0
}

async function main(args: string[]): Promise<number> {
  if (args[0] === '--child') {
    await runFamily(args[1] as Family)
    return 0
  }
  const dir = args[0] === '--write' ? args[1] : null
  if (dir) args = args.slice(2)
  const families = (args.length ? args : Object.keys(FAMILIES)) as Family[]
  const unknown = families.filter((f) => !(f in FAMILIES))
  if (unknown.length) {
    console.error(`unknown family: ${unknown.join(', ')}; the families are ${Object.keys(FAMILIES).join(', ')}`)
    return 2
  }
  if (dir) {
    for (const hostile of await hostileCorpus(1, families)) {
      const path = join(dir, ...hostile.id.split('/').slice(0, -1), `${hostile.id.split('/').pop()}-${hostile.fileName}`)
      await mkdir(join(path, '..'), { recursive: true })
      await writeFile(path, hostile.bytes())
    }
    return 0
  }
  const runs: FamilyRun[] = []
  for (const family of families) {
    process.stderr.write(`${family} `)
    runs.push(await spawnFamily(family))
    process.stderr.write('\n')
  }
  return report(runs)
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code), (error) => {
  console.error(error)
  process.exitCode = 1
})
