import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedSchool } from '../../helpers/seedQueue'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'

// The queue reads on the raw connection, synchronously; it must still never see another
// call's transaction half-way (triage writes through kysely on the same connection).

let t: TempCore
beforeAll(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-18 10:00') })
  await seedSchool(t.core.ctx.store, { students: 30, items: 80, seed: 3 })
})
afterAll(() => t.cleanup())

describe('queue reads', () => {
  it('wait for a transaction in progress and never show what it has not committed', async () => {
    const before = await t.call('queue.facets', { filter: { search: '了' } })
    const closed = () => before.facets.status.find((s) => s.value === 'closed')!.count
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let wrote!: () => void
    const written = new Promise<void>((resolve) => (wrote = resolve))
    const transaction = t.core.ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('report_items').set({ status: 'closed' }).execute()
      wrote()
      await gate
      throw new Error('given up')
    })
    await written
    const reads = Promise.all([
      t.call('queue.facets', { filter: { search: '了' } }),
      t.call('queue.list', { filter: { status: ['closed'] } }),
    ])
    release()
    await expect(transaction).rejects.toThrow('given up')
    const [facets, list] = await reads
    expect(facets).toEqual(before)
    expect(list.total).toBe(closed())
  })
})
