import { createCore } from '../../src/core'
import { headlessHost } from '../../src/core/host'
import { seedManyItems } from '../../test/helpers/seedExport'
import { sqliteOf } from '../../test/helpers/sqliteOf'
async function main() {
  const dbFile = '/tmp/exp-export.sqlite'
  const core = await createCore({ dbFile, host: headlessHost, clock: () => new Date('2025-10-17T09:00:00+08:00') })
  seedManyItems(sqliteOf(core), 6100, 100_000)
  sqliteOf(core).pragma('wal_checkpoint(TRUNCATE)')
  await core.close()
}
main()
