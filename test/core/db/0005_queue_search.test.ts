import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../../src/core/db/connection'
import { migrations } from '../../../src/core/db/migrations'
import { seedSchool } from '../../helpers/seedQueue'
import { tempDir } from '../../helpers/tempCore'

let handle: DatabaseHandle
beforeEach(() => (handle = openDatabase(join(tempDir(), 'db.sqlite'))))
afterEach(() => handle.close())

/** Every migration before 0005: the schema a DB has when this version first opens it. */
const before0005 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0005'))
const through0005 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0006'))
const all = <T>(sql: string) => handle.sqlite.prepare(sql).all() as T[]

/**
 * The bigrams of every reason, worked out here in JS: each pair of adjacent characters (code
 * points) of the reason with ASCII letters lower-cased, the last character paired with a space.
 */
function expectedGrams(): string[] {
  const grams = new Set<string>()
  for (const { id, reason } of all<{ id: number; reason: string }>('SELECT id, reason FROM report_items')) {
    const chars = Array.from(`${reason.replace(/[A-Z]/g, (c) => c.toLowerCase())} `)
    for (let i = 0; i + 1 < chars.length; i++) grams.add(`${chars[i]}${chars[i + 1]}|${id}`)
  }
  return [...grams].sort()
}
const keptGrams = () => all<{ g: string }>(`SELECT gram || '|' || item_id AS g FROM report_item_search_grams`).map((r) => r.g).sort()

const CLASS_KEY = 'class_name, section, status, kind, term, error_type, vanished_at, source_changed_at'
const keptClassCounts = () => all(`SELECT ${CLASS_KEY}, n FROM report_item_class_counts ORDER BY ${CLASS_KEY}`)
const liveClassCounts = () =>
  all(`SELECT s.class_name, ri.section, ri.status, ri.kind, ri.term, ri.error_type, coalesce(ri.vanished_at, '') AS vanished_at,
      coalesce(ri.source_changed_at, '') AS source_changed_at, count(*) AS n
    FROM report_items ri JOIN students s ON s.id = ri.student_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`)

describe('migration 0005_queue_search', () => {
  it('indexes the reasons and counts the items per class of a DB seeded at 0004, without touching its data', async () => {
    await migrateToLatest(handle.db, { getMigrations: async () => before0005 })
    await seedSchool(handle.sqlite, { students: 80, items: 300, decided: 0.5, seed: 11 })
    handle.sqlite.exec(`UPDATE report_items SET reason = 'Ａ組 數學A成績應為100%_' WHERE id % 7 = 0;
      UPDATE report_items SET reason = '' WHERE id = 5;
      UPDATE report_items SET vanished_at = '2025-10-17 08:00:00', source_changed_at = NULL WHERE id % 5 = 0`)
    const items = all('SELECT * FROM report_items ORDER BY id')
    const students = all('SELECT * FROM students ORDER BY id')

    // Up to this migration: later ones may add columns of their own to the rows compared here.
    const applied = await migrateToLatest(handle.db, { getMigrations: async () => through0005 })
    expect(applied).toContain('0005_queue_search')

    expect(all('SELECT * FROM report_items ORDER BY id')).toEqual(items)
    expect(all('SELECT * FROM students ORDER BY id')).toEqual(students)
    expect(keptGrams()).toEqual(expectedGrams())
    expect(keptGrams()).toContain('學a|7') // 「數學A」 as LIKE compares it
    expect(keptGrams().filter((g) => g.endsWith('|5'))).toEqual([]) // an empty reason has none
    expect(keptClassCounts()).toEqual(liveClassCounts())
    const tables = all<{ name: string; strict: number }>(`SELECT name, strict FROM pragma_table_list
      WHERE name IN ('report_item_search_grams', 'report_item_class_counts') ORDER BY name`)
    expect(tables).toEqual([{ name: 'report_item_class_counts', strict: 1 }, { name: 'report_item_search_grams', strict: 1 }])
  })

  it('keeps both exact through every kind of write to items and students', async () => {
    await migrateToLatest(handle.db)
    await seedSchool(handle.sqlite, { students: 60, items: 300, decided: 0.3, seed: 9 })
    const s = handle.sqlite
    const check = (step: string) => {
      expect(keptGrams(), step).toEqual(expectedGrams())
      expect(keptClassCounts(), step).toEqual(liveClassCounts())
    }
    check('seeded')
    s.exec(`UPDATE report_items SET reason = reason || '：英文B' WHERE id % 3 = 0`)
    check('reasons rewritten')
    s.exec(`UPDATE report_items SET status = 'checking', vanished_at = '2025-10-18 08:00:00' WHERE id % 4 = 0`)
    s.exec(`UPDATE report_items SET section = 'activities', source_changed_at = '2025-10-18 08:00:00' WHERE id % 5 = 0`)
    check('facet columns changed')
    // An item moved to another student (of another class); students moving class take their counts along.
    const moved = s.prepare(`UPDATE report_items SET student_id = 60 WHERE id IN (SELECT ri.id FROM report_items ri WHERE ri.student_id <> 60
      AND NOT EXISTS (SELECT 1 FROM report_items o WHERE o.student_id = 60 AND o.kind = ri.kind AND o.term = ri.term AND o.error_type = ri.error_type)
      LIMIT 1)`).run()
    expect(moved.changes).toBe(1)
    expect(s.prepare(`UPDATE students SET class_name = '399' WHERE id % 6 = 0`).run().changes).toBe(10)
    s.exec(`UPDATE students SET class_name = '101' WHERE id % 10 = 0`)
    check('students moved class')
    s.exec(`DELETE FROM report_items WHERE id % 13 = 0`)
    const inserted = s.prepare(`INSERT INTO report_items (confirmation_id, student_id, kind, term, section, error_type, reason, status,
        first_batch_id, last_batch_id, created_at, updated_at)
      SELECT confirmation_id, student_id, kind, term, section, 'wrong', '新回報：少了國文Z', 'new', first_batch_id, last_batch_id, created_at, updated_at
      FROM report_items WHERE id IN (2, 3) AND error_type <> 'wrong'
        AND NOT EXISTS (SELECT 1 FROM report_items o WHERE o.student_id = report_items.student_id AND o.kind = report_items.kind
          AND o.term = report_items.term AND o.error_type = 'wrong')`).run()
    expect(inserted.changes).toBeGreaterThan(0)
    check('deleted and inserted')
    s.exec(`DELETE FROM report_items`)
    expect(keptGrams()).toEqual([])
    expect(keptClassCounts()).toEqual([])
  })

  it('leaves both tables as they were when a write changes nothing (an unchanged re-import writes nothing)', async () => {
    await migrateToLatest(handle.db)
    await seedSchool(handle.sqlite, { students: 40, items: 150, decided: 0.3, seed: 4 })
    const rows = () => [all('SELECT rowid, * FROM report_item_search_grams ORDER BY rowid'), all('SELECT rowid, * FROM report_item_class_counts ORDER BY rowid')]
    const before = rows()
    handle.sqlite.exec(`UPDATE report_items SET reason = reason, status = status, section = section, student_id = student_id,
      vanished_at = vanished_at, source_changed_at = source_changed_at`)
    handle.sqlite.exec(`UPDATE students SET class_name = class_name, name = name || ''`)
    expect(rows()).toEqual(before)
    // The importer's own statements too: the same reason written again.
    handle.sqlite.prepare('UPDATE report_items SET reason = ?, source_changed_at = source_changed_at WHERE id = ?').run(
      (handle.sqlite.prepare('SELECT reason FROM report_items WHERE id = 3').get() as { reason: string }).reason, 3)
    expect(rows()).toEqual(before)
  })
})
