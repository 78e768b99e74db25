import { afterAll, beforeAll, expect, it } from 'vitest'
import { seedSchool } from '../../helpers/seedQueue'
import { execute } from '../../helpers/dbRows'
import { fixedClock, joinCore, tempCore, type TempCore } from '../../helpers/tempCore'

// On the school's server a PC's queue follows what another PC changed, at its next refresh: the
// round's deadline rule (which says which items are overdue) and a newer import (which says what
// is "new or changed since the last import"), as a PC opened just now would show them.

const NOW = '2025-10-18 10:00:00'
let first: TempCore
let other: TempCore
beforeAll(async () => {
  first = await tempCore({ backend: 'postgres', clock: fixedClock(NOW) })
  await seedSchool(first.core.ctx.store, { students: 120, items: 600, decided: 0.3, seed: 5 })
  other = await joinCore(first, { clock: fixedClock(NOW) })
}, 60_000)
afterAll(async () => {
  await other?.cleanup()
  await first?.cleanup()
})

const LIST = { filter: { changed: ['yes' as const] }, sort: { column: 'deadline' as const, direction: 'asc' as const }, offset: 0, limit: 50 }

/** What a PC that opens the queue now shows (nothing kept from an earlier refresh). */
async function freshPc() {
  const pc = await joinCore(first, { clock: fixedClock(NOW) })
  try {
    return { facets: await pc.call('queue.facets', { filter: {} }), list: await pc.call('queue.list', LIST) }
  } finally {
    await pc.cleanup()
  }
}

it("shows the round's new deadline rule and a newer import made on another PC at its next refresh", async () => {
  const before = await first.call('queue.facets', { filter: {} })
  await first.call('queue.list', LIST)
  await execute(other, `UPDATE rounds SET deadline_rule = 'fromReport' WHERE is_current = 1`)
  const afterRule = await first.call('queue.facets', { filter: {} })
  expect(afterRule.facets.deadline).not.toEqual(before.facets.deadline)
  expect(afterRule).toEqual((await freshPc()).facets)

  await execute(other, `UPDATE import_batches SET imported_at = '2025-10-18 09:00:00' WHERE id = (SELECT max(id) FROM import_batches)`)
  const [facets, list] = [await first.call('queue.facets', { filter: {} }), await first.call('queue.list', LIST)]
  expect(facets.latestImportAt).toBe('2025-10-18 09:00:00')
  expect({ facets, list }).toEqual(await freshPc())
})
