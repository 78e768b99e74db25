import { afterAll, beforeAll, expect, it } from 'vitest'
import { execute, rows } from '../../helpers/dbRows'
import { tempCore, type TempCore } from '../../helpers/tempCore'

// Rows as the features read them (on SQLite shaped from arrays, db/sqlite/statements.ts allRows):
// every column under its own name, a repeated name keeping its last value as the drivers do, and
// a `SELECT *` read again after the table gained a column showing that column.

let t: TempCore
beforeAll(async () => (t = await tempCore()))
afterAll(() => t.cleanup())

it('names each value by its column, the last of a repeated name winning', async () => {
  const got = await rows(t, `SELECT 1 AS a, 'x' AS b, NULL AS c, 2 AS a`)
  expect(got).toEqual([{ a: 2, b: 'x', c: null }])
  const odd = await rows<Record<string, unknown>>(t, `SELECT 1 AS "__proto__", 'v' AS "with space", 3 AS "quote""d"`)
  expect(Object.getPrototypeOf(odd[0])).toBe(Object.prototype)
  expect(Object.entries(odd[0])).toEqual([['__proto__', 1], ['with space', 'v'], ['quote"d', 3]])
})

it('reads every row with the same columns, through the store and through kysely', async () => {
  await execute(t, `CREATE TABLE shape_probe (id INTEGER PRIMARY KEY, label TEXT)`,
    [`INSERT INTO shape_probe (id, label) VALUES (1, ?), (2, ?), (3, NULL)`, '班級 301', 'tab\there'])
  const read = () => rows(t, `SELECT * FROM shape_probe ORDER BY id`)
  expect(await read()).toEqual([{ id: 1, label: '班級 301' }, { id: 2, label: 'tab\there' }, { id: 3, label: null }])

  await execute(t, `ALTER TABLE shape_probe ADD COLUMN seat TEXT`, `UPDATE shape_probe SET seat = '07' WHERE id = 2`)
  expect(await read()).toEqual([
    { id: 1, label: '班級 301', seat: null }, { id: 2, label: 'tab\there', seat: '07' }, { id: 3, label: null, seat: null },
  ])

  const viaKysely = await t.core.ctx.store.db
    .selectFrom('students').select(['student_no', 'name']).where('student_no', '=', 'nobody').execute()
  expect(viaKysely).toEqual([])
  const counted = await t.core.ctx.store.db.selectFrom('students').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()
  expect(Number(counted?.n)).toBe(0)
})
