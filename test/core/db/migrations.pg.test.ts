import { Migrator } from 'kysely'
import { describe, expect, it } from 'vitest'
import { migrationProvider, migrations } from '../../../src/core/db/migrations'
import { openStore } from '../../../src/core/db/open'
import type { Db } from '../../../src/core/db/store'
import { systemClock } from '../../../src/core/time'
import { column, execute, rows, value } from '../../helpers/dbRows'
import { expectKeptCountsExact, keptGrams } from '../../helpers/keptCounts'
import { freshDatabase } from '../../helpers/pgDatabase'
import { seedSchool } from '../../helpers/seedQueue'
import { tempCore, type TempCore } from '../../helpers/tempCore'

// A school's server database made by an older version and holding its data, opened by this one:
// the same migration list as the file (on SQLite: test/core/db/0003…, 0005…), on PostgreSQL.

/** The tables an older version already had: they must come through a migration row for row. */
const KEPT_AS_THEY_WERE = ['import_batches', 'students', 'confirmations', 'report_items', 'change_steps', 'item_history']

/** A new server database migrated up to `last` and seeded there, as that version left it. */
async function olderDatabase(last: string, seed: (db: Db) => Promise<void>) {
  const database = await freshDatabase({ empty: true })
  const store = await openStore({ kind: 'server', server: database.server }, systemClock)
  try {
    const { error } = await new Migrator({ db: store.db, provider: migrationProvider }).migrateTo(last)
    if (error) throw error
    await seed(store.db)
    const before: Record<string, Record<string, unknown>[]> = {}
    for (const table of KEPT_AS_THEY_WERE) before[table] = await store.read((r) => r.all(`SELECT * FROM ${table} ORDER BY id`))
    return { database, before }
  } finally {
    await store.close()
  }
}

/** A school's worth of items, some decided, with reasons search must fold, an empty one, vanished and re-reported ones. */
async function seedAnOlderSchool(db: Db) {
  await seedSchool(db, { students: 80, items: 300, decided: 0.5, seed: 11 })
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('report_items').set({ reason: 'Ａ組 數學A成績應為100%_' }).where((eb) => eb(eb('id', '%', 7), '=', 0)).execute()
    await trx.updateTable('report_items').set({ reason: '' }).where('id', '=', 5).execute()
    await trx.updateTable('report_items').set({ vanished_at: '2025-10-17 08:00:00', source_changed_at: null }).where((eb) => eb(eb('id', '%', 5), '=', 0)).execute()
    const [step] = await trx.insertInto('change_steps').values({ at: '2025-10-17 09:00:00', operator: '王大同', label: '改為「查核中」', item_count: 1 }).returning('id').execute()
    await trx.insertInto('item_history').values({ item_id: 1, step_id: step.id, at: '2025-10-17 09:00:00', operator: '王大同', field: 'status', old_value: 'new', new_value: 'checking' }).execute()
  })
}

const pick = (row: Record<string, unknown>, like: unknown) =>
  Object.fromEntries(Object.keys(like ?? row).map((key) => [key, row[key]]))

describe('a server database of an older version', () => {
  for (const last of ['0001_initial', '0005_queue_search']) {
    it(`seeded at ${last} is migrated by the app opening it: every row as it was, the kept counts and search grams those of its items`, async () => {
      const { database, before } = await olderDatabase(last, seedAnOlderSchool)
      const t = await tempCore({ backend: 'postgres', database })
      try {
        expect(await column(t, 'SELECT name FROM kysely_migration ORDER BY name')).toEqual(Object.keys(migrations))
        // Columns later migrations add aside.
        for (const table of KEPT_AS_THEY_WERE) {
          const after = await rows(t, `SELECT * FROM ${table} ORDER BY id`)
          expect(after.map((row, i) => pick(row, before[table][i])), table).toEqual(before[table])
        }
        await expectKeptCountsExact(t)
        const grams = await keptGrams(t)
        expect(grams).toContain('學a|7') // 「數學A」 as the queue's search compares it
        expect(grams.filter((g) => g.endsWith('|5'))).toEqual([]) // an empty reason has none
        // The queue counts and finds what is there.
        expect((await t.call('queue.list', { limit: 1 })).total).toBe(300)
        const found = (await t.call('queue.list', { filter: { search: '數學a' }, limit: 100 })).total
        expect(found).toBe(await value(t, `SELECT count(*) AS n FROM report_items WHERE lower(reason) LIKE '%數學a%'`))
        expect(found).toBeGreaterThanOrEqual(42)
      } finally {
        await t.cleanup()
      }
    })
  }
})

describe('the kept tables on a server', () => {
  async function seeded(): Promise<TempCore> {
    const t = await tempCore({ backend: 'postgres' })
    await seedSchool(t.core.ctx.store, { students: 60, items: 300, decided: 0.3, seed: 9 })
    return t
  }

  it('stay exact through every kind of write to items and students, a student changing class included', async () => {
    const t = await seeded()
    try {
      const step = async (what: string, ...statements: string[]) => {
        await execute(t, ...statements)
        await expectKeptCountsExact(t).catch((error: Error) => {
          throw new Error(`after ${what}: ${error.message}`)
        })
      }
      await step('seeding')
      await step('reasons rewritten', `UPDATE report_items SET reason = reason || '：英文B' WHERE id % 3 = 0`)
      await step('facet columns changed',
        `UPDATE report_items SET status = 'checking', vanished_at = '2025-10-18 08:00:00' WHERE id % 4 = 0`,
        `UPDATE report_items SET section = 'activities', source_changed_at = '2025-10-18 08:00:00' WHERE id % 5 = 0`,
        `UPDATE report_items SET source_changed_at = NULL, vanished_at = NULL WHERE id % 8 = 0`)
      // An item moved to another student, of another class.
      const moved = `SELECT ri.id FROM report_items ri JOIN students s ON s.id = ri.student_id
        WHERE s.class_name <> (SELECT class_name FROM students WHERE id = 60)
          AND NOT EXISTS (SELECT 1 FROM report_items o WHERE o.student_id = 60 AND o.kind = ri.kind AND o.term = ri.term AND o.error_type = ri.error_type)
        ORDER BY ri.id LIMIT 1`
      const item = await value(t, moved)
      await step('an item moved to another student', `UPDATE report_items SET student_id = 60 WHERE id = ${item}`)
      await step('students moved class, to a new class and to one with items',
        `UPDATE students SET class_name = '399' WHERE id % 6 = 0`,
        `UPDATE students SET class_name = '101' WHERE id % 10 = 0`)
      expect(await value(t, `SELECT count(*) AS n FROM students WHERE class_name = '399'`)).toBe(8) // 6, 12 … 60, less 30 and 60 (now in 101)
      await step('items deleted and inserted',
        `DELETE FROM report_items WHERE id % 13 = 0`,
        `INSERT INTO report_items (confirmation_id, student_id, kind, term, section, error_type, reason, status,
            first_batch_id, last_batch_id, created_at, updated_at)
          SELECT confirmation_id, student_id, kind, term, section, 'wrong', '新回報：少了國文Z', 'new', first_batch_id, last_batch_id, created_at, updated_at
          FROM report_items ri WHERE id IN (2, 3, 4) AND error_type <> 'wrong'
            AND NOT EXISTS (SELECT 1 FROM report_items o WHERE o.student_id = ri.student_id AND o.kind = ri.kind
              AND o.term = ri.term AND o.error_type = 'wrong')`)
      await step('every item deleted', 'DELETE FROM report_items')
      expect(await keptGrams(t)).toEqual([])
    } finally {
      await t.cleanup()
    }
  })

  it('are not written at all by a write that changes nothing (an unchanged re-import writes nothing)', async () => {
    const t = await seeded()
    try {
      // xmin: the transaction that last wrote the row; a trigger that rewrote a row would change it.
      const kept = async () => Promise.all(['report_item_facet_counts', 'report_item_class_counts', 'report_item_search_grams'].map((table) =>
        rows(t, `SELECT r.xmin::text AS written_by, r.* FROM ${table} r ORDER BY r::text`)))
      const before = await kept()
      expect(before.every((table) => table.length > 0)).toBe(true)
      await execute(t,
        `UPDATE report_items SET reason = reason, status = status, section = section, student_id = student_id,
          vanished_at = vanished_at, source_changed_at = source_changed_at`,
        `UPDATE students SET class_name = class_name, name = name || ''`,
        ['UPDATE report_items SET reason = ?, source_changed_at = source_changed_at WHERE id = 3',
          await value<string>(t, 'SELECT reason FROM report_items WHERE id = 3')])
      expect(await kept()).toEqual(before)
    } finally {
      await t.cleanup()
    }
  })
})
