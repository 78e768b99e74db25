import pg from 'pg'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createCore, type Core } from '../../src/core'
import { headlessHost } from '../../src/core/host'
import { ensureHints } from '../../src/core/hints/refresh'
import { seedSchool } from '../../test/helpers/seedQueue'
import { fixedClock, tempDir } from '../../test/helpers/tempCore'
import { startBenchServer } from '../backends'

const call = async (core: Core, name: string, input: unknown) => {
  const result = await core.dispatch(name, input)
  if (!result.ok) throw new Error(result.error.message)
  return result.value as never
}
async function main() {
  const server = await startBenchServer()
  const target = await server.database('bench_queue')
  const core = await createCore({ dbFile: join(tempDir('x-'), 'x.sqlite'), server: target, host: headlessHost, clock: fixedClock('2025-10-18 10:00:00'), version: 'bench' })
  await seedSchool(core.ctx.store, { students: 3600, items: 50000, records: true, decided: 0.4, seed: 42 })
  await core.ctx.store.write(async (w) => { await w.begin(); await w.run(`UPDATE rounds SET deadline_rule = 'fromReport' WHERE is_current = 1`) })
  await ensureHints(core.ctx.store)
  const client = new pg.Client({ host: target.host, port: target.port, user: target.user, database: target.database })
  await client.connect()
  await client.query('VACUUM ANALYZE')
  const filter = { section: ['registration'], search: '數學' }
  const input = { filter, sort: { column: 'age', direction: 'desc' }, offset: 0, limit: 100 }
  const refresh = () => Promise.all([call(core, 'queue.list', input), call(core, 'queue.facets', { filter })])
  for (let i = 0; i < 30; i++) await refresh()
  await client.query(`ALTER DATABASE bench_queue SET log_min_duration_statement = 0`)
  await core.close()
  const core2 = await createCore({ dbFile: join(tempDir('x-'), 'x.sqlite'), server: target, host: headlessHost, clock: fixedClock('2025-10-18 10:00:00'), version: 'bench' })
  const again = () => Promise.all([call(core2, 'queue.list', input), call(core2, 'queue.facets', { filter })])
  for (let i = 0; i < 20; i++) await again()
  const log = readFileSync(join(server.cluster.dir, 'server.log'), 'utf8')
  const mark = log.length
  const t = performance.now()
  await again()
  console.log('refresh ms', (performance.now() - t).toFixed(1))
  await new Promise((r) => setTimeout(r, 300))
  console.log(readFileSync(join(server.cluster.dir, 'server.log'), 'utf8').slice(mark))
  await client.end()
  await core2.close()
  server.stop()
}
main().catch((e) => { console.error(e); process.exit(1) })
