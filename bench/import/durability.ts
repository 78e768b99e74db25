import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createCore } from '../../src/core'
import { headlessHost } from '../../src/core/host'
import { seedSchool } from '../../test/helpers/seedQueue'
import { removeTempDirs, tempDir } from '../../test/helpers/tempCore'

// npx tsx bench/import/durability.ts [-- --decisions 400]
//
// What synchronous=FULL (src/core/db/connection.ts) costs where it differs from NORMAL: a small
// commit. In WAL mode FULL syncs the WAL at every commit; NORMAL only at checkpoints, which an
// import's one big transaction reaches at once anyway (see bench/README.md). Times one triage
// decision (new → 查核中, one item: its row, its history, the step) through core's dispatch, in
// blocks that alternate NORMAL and FULL on the same DB, so both see the same machine load.

const { values } = parseArgs({ options: { decisions: { type: 'string', default: '400' } } })
const DECISIONS = Number(values.decisions)
const BLOCKS = 10

async function main() {
  const core = await createCore({ dbFile: join(tempDir('durability-'), 'db.sqlite'), host: headlessHost, version: 'bench' })
  seedSchool(core.ctx.sqlite, { students: 3600, items: DECISIONS, decided: 0, seed: 42 })
  const settings = await core.dispatch('settings.update', { operatorName: '效能測試' })
  if (!settings.ok) throw new Error(settings.error.message)
  const items = core.ctx.sqlite.prepare(`SELECT id, version FROM report_items WHERE status = 'new' ORDER BY id`).all() as { id: number; version: number }[]
  const times: Record<'NORMAL' | 'FULL', number[]> = { NORMAL: [], FULL: [] }
  const perBlock = Math.floor(items.length / BLOCKS)
  for (let block = 0; block < BLOCKS; block++) {
    const mode = block % 2 === 0 ? 'NORMAL' : 'FULL'
    core.ctx.sqlite.pragma(`synchronous = ${mode}`)
    for (const item of items.slice(block * perBlock, (block + 1) * perBlock)) {
      const start = performance.now()
      const result = await core.dispatch('triage.decide', { target: { items: [item] }, to: 'checking' })
      times[mode].push(performance.now() - start)
      if (!result.ok) throw new Error(result.error.message)
    }
  }
  await core.close()
  removeTempDirs()
  const at = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))].toFixed(2)
  console.log(`one triage decision (one commit), ${perBlock * (BLOCKS / 2)} of each, ms:`)
  for (const mode of ['NORMAL', 'FULL'] as const) {
    const sorted = [...times[mode]].sort((a, b) => a - b)
    console.log(`  synchronous=${mode.padEnd(6)} p50 ${at(sorted, 0.5)}  p95 ${at(sorted, 0.95)}  max ${at(sorted, 1)}`)
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
