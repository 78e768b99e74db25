import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../../src/core/db/connection'
import { migrations } from '../../../src/core/db/migrations'
import { seedSchool } from '../../helpers/seedQueue'
import { tempDir } from '../../helpers/tempCore'

// SQLite only (the file's own rebuild of report_items); on PostgreSQL the same columns and
// constraints are in place, and the hand-entry tests run on both backends.

let handle: DatabaseHandle
beforeEach(() => (handle = openDatabase(join(tempDir(), 'db.sqlite'))))
afterEach(() => handle.close())

/** Every migration before 0010: the schema a DB has when this version first opens it. */
const before0010 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0010'))
/** Up to this one: what it changes, before any later migration adds to it. */
const upTo0010 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0011'))
const all = <T>(sql: string) => handle.sqlite.prepare(sql).all() as T[]
const run = (sql: string) => handle.sqlite.exec(sql)

const FACET_KEY = 'section, status, kind, term, error_type, vanished_at, source_changed_at'
const keptCounts = () => all(`SELECT ${FACET_KEY}, n FROM report_item_facet_counts ORDER BY ${FACET_KEY}`)
const liveCounts = () =>
  all(`SELECT section, status, kind, term, error_type, coalesce(vanished_at, '') AS vanished_at,
      coalesce(source_changed_at, '') AS source_changed_at, count(*) AS n FROM report_items GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`)
const schemaOf = (type: string) =>
  all<{ name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = '${type}' AND sql LIKE '%report_items%' ORDER BY name`)

async function seedAt0009() {
  await migrateToLatest(handle.db, { getMigrations: async () => before0010 })
  await seedSchool(handle.sqlite, { students: 60, items: 200, decided: 0.5, seed: 7 })
  // The work a clerk has done on them: a step with its history and a note, and a duplicate link.
  run(`INSERT INTO change_steps (id, at, operator, label, item_count, undone_at) VALUES (1, '2025-10-17 09:00:00', '陳怡君', '改為「查核中」', 1, NULL);
    INSERT INTO item_history (item_id, step_id, at, operator, field, old_value, new_value) VALUES (3, 1, '2025-10-17 09:00:00', '陳怡君', 'status', 'new', 'checking');
    INSERT INTO notes (item_id, step_id, at, operator, body) VALUES (3, 1, '2025-10-17 09:00:00', '陳怡君', '已致電導師');
    INSERT INTO change_step_items VALUES (1, 3, 1, 2, '2025-10-16 18:00:00', NULL);
    UPDATE report_items SET duplicate_of_id = 3 WHERE id = 4;`)
}

describe('migration 0010_hand_entries_disputes', () => {
  it('keeps every item, its history, notes, steps, counts, indexes and triggers as they were', async () => {
    await seedAt0009()
    const items = all('SELECT * FROM report_items ORDER BY id')
    const history = all('SELECT * FROM item_history ORDER BY id')
    const notes = all('SELECT * FROM notes ORDER BY id')
    const counts = keptCounts()
    const classCounts = all('SELECT * FROM report_item_class_counts ORDER BY 1, 2, 3, 4, 5, 6, 7, 8')
    const grams = all('SELECT * FROM report_item_search_grams ORDER BY 1, 2')
    const indexes = schemaOf('index')
    const triggers = schemaOf('trigger')
    expect(items.length).toBe(200)
    expect(triggers.length).toBeGreaterThan(5)

    expect(await migrateToLatest(handle.db, { getMigrations: async () => upTo0010 })).toContain('0010_hand_entries_disputes')

    expect(all('SELECT * FROM report_items ORDER BY id')).toEqual(items.map((i) => ({ ...i as object, channel: null, dispute_reason: null })))
    expect(all('SELECT * FROM item_history ORDER BY id')).toEqual(history)
    expect(all('SELECT * FROM notes ORDER BY id')).toEqual(notes)
    expect(keptCounts()).toEqual(counts)
    expect(all('SELECT * FROM report_item_class_counts ORDER BY 1, 2, 3, 4, 5, 6, 7, 8')).toEqual(classCounts)
    expect(all('SELECT * FROM report_item_search_grams ORDER BY 1, 2')).toEqual(grams)
    expect(schemaOf('index')).toEqual(indexes)
    expect(schemaOf('trigger')).toEqual(triggers)
    expect(all(`SELECT name FROM sqlite_master WHERE name LIKE 'report_items_0010%'`)).toEqual([])
    expect(all(`SELECT strict FROM pragma_table_list WHERE name = 'report_items'`)).toEqual([{ strict: 1 }])
    expect(all('PRAGMA foreign_key_check')).toEqual([])
    expect(all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])

    // The triggers keep counting and indexing, and the queue's index is still the one it seeks.
    run(`UPDATE report_items SET status = 'closed' WHERE id = 10;
      INSERT INTO report_items (student_id, kind, term, section, error_type, reason, reported_at, created_at, updated_at, channel)
        SELECT student_id, 'course', '1122', 'registration', 'wrong', '體育成績錯了', '2025-10-22 09:00:00', 'x', 'x', 'counter' FROM report_items WHERE id = 1`)
    expect(keptCounts()).toEqual(liveCounts())
    expect(all(`SELECT gram FROM report_item_search_grams WHERE gram = '體育' AND item_id = (SELECT max(id) FROM report_items)`)).toHaveLength(1)
    const plan = all<{ detail: string }>(`EXPLAIN QUERY PLAN SELECT count(*) FROM report_items
      WHERE section = 'registration' AND status = 'new' AND kind = 'course' AND term = '1132' AND error_type = 'extra'`)
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING COVERING INDEX report_items_facets/)
  })

  it('still refuses history for a missing item, and removing an item something points at', async () => {
    await seedAt0009()
    await migrateToLatest(handle.db)
    expect(() => run(`INSERT INTO item_history (item_id, at, operator, field) VALUES (99999, 'x', '陳怡君', 'status')`))
      .toThrow(/FOREIGN KEY constraint failed/)
    expect(() => run('DELETE FROM report_items WHERE id = 3')).toThrow(/FOREIGN KEY constraint failed/)
    expect(() => run('UPDATE report_items SET duplicate_of_id = 99999 WHERE id = 5')).toThrow(/FOREIGN KEY constraint failed/)
  })

  it('lets a hand entry stand without an import, and no imported item without one', async () => {
    await seedAt0009()
    await migrateToLatest(handle.db)
    const hand = (values: string) => `INSERT INTO report_items (student_id, kind, term, section, error_type, created_at, updated_at,
      channel, confirmation_id, first_batch_id, last_batch_id) VALUES (1, 'cadre', '1132', 'studentAffairs', 'missing', 'x', 'x', ${values})`
    run(hand(`'phone', NULL, NULL, NULL`))
    expect(all(`SELECT channel, status, version FROM report_items WHERE channel IS NOT NULL`)).toEqual([{ channel: 'phone', status: 'new', version: 1 }])
    expect(() => run(hand(`'email', NULL, NULL, NULL`).replace("'missing'", "'wrong'"))).toThrow(/CHECK constraint failed/)
    // An imported item (no channel) keeps its confirmation and batches; a hand entry has none of its own.
    expect(() => run(hand(`NULL, NULL, NULL, NULL`).replace("'missing'", "'extra'"))).toThrow(/CHECK constraint failed/)
    expect(() => run(hand(`'counter', 1, NULL, NULL`).replace("'missing'", "'extra'"))).toThrow(/CHECK constraint failed/)
    // An import that later lists it records itself as the last to list it.
    run(`UPDATE report_items SET last_batch_id = 1 WHERE channel = 'phone'`)
    expect(all(`SELECT last_batch_id FROM report_items WHERE channel = 'phone'`)).toEqual([{ last_batch_id: 1 }])
  })
})
