import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createCore } from '../../src/core'
import { writeBackup } from '../../src/core/backup/backups'
import { headlessHost } from '../../src/core/host'
import { seedSchool } from '../../test/helpers/seedQueue'
import { removeTempDirs, tempDir } from '../../test/helpers/tempCore'
import { sqliteOf } from '../../test/helpers/sqliteOf'

// npm run bench:durability [-- --decisions 400 --runs 3]
//
// What durability costs (see bench/README.md):
// 1. synchronous=FULL (src/core/db/connection.ts) where it differs from NORMAL: a small commit.
//    In WAL mode FULL syncs the WAL at every commit; NORMAL only at checkpoints, which an
//    import's one big transaction reaches at once anyway. Times one triage decision (new → 查核中,
//    one item: its row, its history, the step) through core's dispatch, in blocks that alternate
//    NORMAL and FULL on the same DB, so both see the same machine load.
// 2. The backup before an import, now written under a temporary name, synced and renamed into
//    place (backup/folder.ts), against SQLite's bare online copy it was before — on a DB holding a
//    large school's submitted records (~110,000 course rows), alternating.

const { values } = parseArgs({ options: { decisions: { type: 'string', default: '400' }, runs: { type: 'string', default: '3' } } })
const DECISIONS = Number(values.decisions)
const RUNS = Number(values.runs)
const BLOCKS = 10

const at = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))].toFixed(2)

async function decisions() {
  const core = await createCore({ dbFile: join(tempDir('durability-'), 'db.sqlite'), host: headlessHost, version: 'bench' })
  seedSchool(sqliteOf(core), { students: 3600, items: DECISIONS, decided: 0, seed: 42 })
  const settings = await core.dispatch('settings.update', { operatorName: '效能測試' })
  if (!settings.ok) throw new Error(settings.error.message)
  const items = sqliteOf(core).prepare(`SELECT id, version FROM report_items WHERE status = 'new' ORDER BY id`).all() as { id: number; version: number }[]
  const times: Record<'NORMAL' | 'FULL', number[]> = { NORMAL: [], FULL: [] }
  const perBlock = Math.floor(items.length / BLOCKS)
  for (let block = 0; block < BLOCKS; block++) {
    const mode = block % 2 === 0 ? 'NORMAL' : 'FULL'
    sqliteOf(core).pragma(`synchronous = ${mode}`)
    for (const item of items.slice(block * perBlock, (block + 1) * perBlock)) {
      const start = performance.now()
      const result = await core.dispatch('triage.decide', { target: { items: [item] }, to: 'checking' })
      times[mode].push(performance.now() - start)
      if (!result.ok) throw new Error(result.error.message)
    }
  }
  await core.close()
  console.log(`one triage decision (one commit), ${perBlock * (BLOCKS / 2)} of each, ms:`)
  for (const mode of ['NORMAL', 'FULL'] as const) {
    const sorted = [...times[mode]].sort((a, b) => a - b)
    console.log(`  synchronous=${mode.padEnd(6)} p50 ${at(sorted, 0.5)}  p95 ${at(sorted, 0.95)}  max ${at(sorted, 1)}`)
  }
}

async function backups() {
  const dir = tempDir('durability-')
  const core = await createCore({ dbFile: join(dir, 'db.sqlite'), host: headlessHost, version: 'bench' })
  await seedSchool(core.ctx.store, { students: 3600, items: 2000, records: true, seed: 42 })
  sqliteOf(core).pragma('wal_checkpoint(TRUNCATE)')
  const size = statSync(join(dir, 'db.sqlite')).size
  const times: Record<'bare' | 'durable', number[]> = { bare: [], durable: [] }
  for (let run = 0; run < RUNS; run++) {
    let start = performance.now()
    await sqliteOf(core).backup(join(dir, `bare-${run}.sqlite`))
    times.bare.push(performance.now() - start)
    start = performance.now()
    await core.ctx.store.file!.exclusive((file) => writeBackup(core.ctx, file, '效能測試', 'import'))
    times.durable.push(performance.now() - start)
    for (const name of readdirSync(core.ctx.backupDir)) rmSync(join(core.ctx.backupDir, name))
  }
  await core.close()
  console.log(`the backup before an import, a DB of ${(size / 1e6).toFixed(0)} MB, median of ${RUNS}, ms:`)
  for (const kind of ['bare', 'durable'] as const) {
    console.log(`  ${kind === 'bare' ? 'SQLite online copy (before)       ' : 'temp name + fsync + rename (now)  '} ${at([...times[kind]].sort((a, b) => a - b), 0.5)}`)
  }
}

async function main() {
  await decisions()
  await backups()
  removeTempDirs()
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
