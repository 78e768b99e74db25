import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedSchool } from '../../helpers/seedQueue'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'

// On a school's server the queue's queries are planned by PostgreSQL from its statistics: a
// write that brings in many rows (an import, a move from the file) leaves them up to date, and a
// search's hits are counted before the queries that join them are planned. Without them the
// planner takes a 50,000-item table for a few dozen rows, and every refresh scans it
// (bench/queue: the class-sorted page 360 ms → 19 ms).

let t: TempCore
beforeAll(async () => {
  t = await tempCore({ backend: 'postgres', clock: fixedClock('2025-10-18 10:00') })
  await seedSchool(t.core.ctx.store, { students: 1200, items: 1500, seed: 7 })
}, 60_000)
afterAll(() => t.cleanup())

/** The rows the planner believes a table holds (-1: never analysed). */
async function plannedRows(table: string): Promise<number> {
  const row = await sql<{ n: number }>`SELECT reltuples::integer AS n FROM pg_class WHERE relname = ${table} AND relpersistence = 'p'`
    .execute(t.core.ctx.db)
  return row.rows[0].n
}

describe("the server's planner statistics", () => {
  it('know the rows a bulk write brought in, and the tables its triggers keep', async () => {
    expect(await plannedRows('report_items')).toBe(1500)
    expect(await plannedRows('students')).toBe(1200)
    const grams = await sql<{ n: number }>`SELECT count(*)::integer AS n FROM report_item_search_grams`.execute(t.core.ctx.db)
    expect(await plannedRows('report_item_search_grams')).toBe(grams.rows[0].n)
  })

  it("know how many items a search found before the queries over them are planned", async () => {
    const { total } = await t.call('queue.list', {
      filter: { search: '數學' }, sort: { column: 'age', direction: 'desc' }, offset: 0, limit: 50,
    })
    expect(total).toBeGreaterThan(0)
    const hits = await sql<{ n: number }>`SELECT reltuples::integer AS n FROM pg_class
      WHERE relname = 'queue_search_hits' AND relpersistence = 't'`.execute(t.core.ctx.db)
    expect(hits.rows.map((r) => r.n)).toContain(total)
  })
})
