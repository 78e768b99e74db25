// What migration 0005's triggers cost writers: 50,000 report items inserted, 6,000 status
// changes, 5,000 reasons rewritten, and the DB file's size — on a DB migrated up to 0004 and on
// one migrated to the latest, twice each. Run: npx tsx bench/queue/writes.ts

import { statSync } from 'node:fs'
import { join } from 'node:path'
import { migrateToLatest, openDatabase } from '../../src/core/db/connection'
import { migrations } from '../../src/core/db/migrations'
import { seedSchool } from '../../test/helpers/seedQueue'
import { tempDir } from '../../test/helpers/tempCore'

async function run(label: string, before: string) {
  const file = join(tempDir('queue-writes-'), 'db.sqlite')
  const handle = openDatabase(file)
  await migrateToLatest(handle.db, { getMigrations: async () => Object.fromEntries(Object.entries(migrations).filter(([n]) => n < before)) })
  const time = async (fn: () => unknown) => {
    const start = performance.now()
    await fn()
    return (performance.now() - start).toFixed(0)
  }
  const seed = await time(() => seedSchool(handle.sqlite, { students: 3600, items: 50000, decided: 0.4, seed: 42 }))
  const statuses = await time(() => handle.sqlite.exec(`UPDATE report_items SET status = 'checking', version = version + 1 WHERE status = 'new' AND id % 5 = 0`))
  const reasons = await time(() => handle.sqlite.exec(`UPDATE report_items SET reason = reason || '！' WHERE id % 10 = 0`))
  handle.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  await handle.close()
  console.log(`${label}: 50,000 items inserted (with 3,600 students) ${seed} ms; 6,000 status changes ${statuses} ms; ` +
    `5,000 reasons rewritten ${reasons} ms; file ${(statSync(file).size / 1e6).toFixed(1)} MB`)
}

async function main() {
  for (let i = 0; i < 2; i++) {
    await run('up to 0004', '0005')
    await run('latest    ', '9999')
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
