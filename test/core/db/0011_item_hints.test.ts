import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../../src/core/db/connection'
import { migrations } from '../../../src/core/db/migrations'
import { seedSchool } from '../../helpers/seedQueue'
import { tempDir } from '../../helpers/tempCore'

// On the SQLite file (the migration's statements and triggers there); the server's trigger
// function is checked by the queue's counts on core-pg (test/core/hints/hints.test.ts).

let handle: DatabaseHandle
beforeEach(() => (handle = openDatabase(join(tempDir(), 'db.sqlite'))))
afterEach(() => handle.close())

const before0011 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0011'))
const all = <T>(sql: string) => handle.sqlite.prepare(sql).all() as T[]

const KEY = 'section, status, kind, term, error_type, vanished_at, source_changed_at, hint_state'
const kept = () => all(`SELECT ${KEY}, n FROM report_item_hint_counts ORDER BY ${KEY}`)
const live = () => all(`SELECT section, status, kind, term, error_type, coalesce(vanished_at, '') AS vanished_at,
    coalesce(source_changed_at, '') AS source_changed_at, coalesce(hint_state, 'none') AS hint_state, count(*) AS n
  FROM report_items GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`)

describe('migration 0011_item_hints', () => {
  it('adds hints not yet worked out to the items of a DB seeded at 0009, and counts them, without touching the rest', async () => {
    await migrateToLatest(handle.db, { getMigrations: async () => before0011 })
    await seedSchool(handle.sqlite, { students: 60, items: 250, decided: 0.4, seed: 12 })
    const items = all('SELECT * FROM report_items ORDER BY id')

    expect(await migrateToLatest(handle.db)).toContain('0011_item_hints')

    const after = all<Record<string, unknown>>('SELECT * FROM report_items ORDER BY id')
    expect(after.map(({ hint_state, hint, ...rest }) => rest)).toEqual(items)
    expect(after.every((r) => r.hint_state === null && r.hint === null)).toBe(true)
    expect(kept()).toEqual(live())
    expect(kept().length).toBeGreaterThan(10)
    // Core finds the items still to work out by an index, not by reading every item.
    const plan = all<{ detail: string }>(`EXPLAIN QUERY PLAN SELECT id FROM report_items WHERE hint_state IS NULL LIMIT 1`)
    expect(plan.map((p) => p.detail).join(' ')).toContain('report_items_hint_pending')
  })

  it('keeps the counts exact through hints worked out, facet columns changed, items removed and added; a no-op write changes nothing', async () => {
    await migrateToLatest(handle.db)
    await seedSchool(handle.sqlite, { students: 50, items: 250, decided: 0.3, seed: 5 })
    const s = handle.sqlite
    const check = (step: string) => expect(kept(), step).toEqual(live())
    s.exec(`UPDATE report_items SET hint_state = CASE id % 3 WHEN 0 THEN 'present' WHEN 1 THEN 'absent' ELSE 'none' END,
      hint = CASE id % 3 WHEN 0 THEN '資料中已有國語文（80 分，及格）' WHEN 1 THEN '資料中沒有此科目' END`)
    check('hints worked out')
    s.exec(`UPDATE report_items SET hint_state = 'mixed' WHERE id % 7 = 0`)
    s.exec(`UPDATE report_items SET status = 'checking', section = 'activities' WHERE id % 5 = 0`)
    s.exec(`UPDATE report_items SET vanished_at = '2025-10-18 08:00:00', source_changed_at = NULL WHERE id % 11 = 0`)
    check('states and facet columns changed')
    const rows = () => all('SELECT rowid, * FROM report_item_hint_counts ORDER BY rowid')
    const before = rows()
    s.exec(`UPDATE report_items SET hint = 'another text', hint_state = hint_state, status = status`)
    expect(rows()).toEqual(before)
    s.exec(`DELETE FROM report_items WHERE id % 13 = 0`)
    // New items (of an error type their report did not have): not yet worked out.
    const inserted = s.prepare(`INSERT INTO report_items (confirmation_id, student_id, kind, term, section, error_type, reason, status,
        first_batch_id, last_batch_id, created_at, updated_at)
      SELECT confirmation_id, student_id, kind, term, section, 'wrong', '少了國文', 'new', first_batch_id, last_batch_id, created_at, updated_at
      FROM report_items WHERE id IN (SELECT min(id) FROM report_items r GROUP BY student_id, kind, term HAVING NOT EXISTS (
        SELECT 1 FROM report_items o WHERE o.student_id = r.student_id AND o.kind = r.kind AND o.term = r.term AND o.error_type = 'wrong'))`).run()
    expect(inserted.changes).toBeGreaterThan(0)
    check('items added')
    s.exec(`DELETE FROM report_items WHERE id % 17 = 0`)
    check('items removed')
    s.exec(`DELETE FROM report_items`)
    expect(kept()).toEqual([])
  })
})
