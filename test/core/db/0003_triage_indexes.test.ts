import { Kysely, Migrator, SqliteDialect, type CompiledQuery } from 'kysely'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../../src/core/db/connection'
import { migrationProvider } from '../../../src/core/db/migrations'
import type { Database } from '../../../src/core/db/schema'
import { lastStep } from '../../../src/core/triage/undo'
import { seedSchool } from '../../helpers/seedQueue'
import { tempDir } from '../../helpers/tempCore'

let handle: DatabaseHandle
beforeEach(() => {
  handle = openDatabase(join(tempDir(), 'db.sqlite'))
})
afterEach(() => handle.close())

const FACET_KEY = 'section, status, kind, term, error_type, vanished_at, source_changed_at'
const facetCounts = () =>
  handle.sqlite.prepare(`SELECT ${FACET_KEY}, n FROM report_item_facet_counts ORDER BY ${FACET_KEY}`).all() as { n: number }[]
const liveCounts = () =>
  handle.sqlite.prepare(`SELECT section, status, kind, term, error_type, coalesce(vanished_at, '') AS vanished_at,
    coalesce(source_changed_at, '') AS source_changed_at, count(*) AS n FROM report_items
    GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`).all()

describe('migration 0003_triage_indexes', () => {
  it('migrates a DB seeded at 0001 without touching its data, and adds change_step_items', async () => {
    await new Migrator({ db: handle.db, provider: migrationProvider }).migrateTo('0001_initial')
    await seedSchool(handle.sqlite, { students: 50, items: 120, decided: 0.5, seed: 3 })
    handle.sqlite.exec(`INSERT INTO change_steps (at, operator, label, item_count) VALUES ('2025-10-17 09:00:00', '王大同', '改為「查核中」', 1)`)
    handle.sqlite.exec(`INSERT INTO item_history (item_id, step_id, at, operator, field, old_value, new_value) VALUES (1, 1, '2025-10-17 09:00:00', '王大同', 'status', 'new', 'checking')`)
    const before = handle.sqlite.prepare('SELECT * FROM report_items ORDER BY id').all()
    const history = handle.sqlite.prepare('SELECT * FROM item_history').all()

    await new Migrator({ db: handle.db, provider: migrationProvider }).migrateTo('0003_triage_indexes')

    expect(handle.sqlite.prepare('SELECT * FROM report_items ORDER BY id').all()).toEqual(before)
    expect(handle.sqlite.prepare('SELECT * FROM item_history').all()).toEqual(history)
    const table = handle.sqlite.prepare(`SELECT strict, wr FROM pragma_table_list WHERE name = 'change_step_items'`).get()
    expect(table).toEqual({ strict: 1, wr: 0 })
    // The facet counts start from the items already there.
    expect(facetCounts()).toEqual(liveCounts())
    expect(facetCounts().reduce((n, r) => n + r.n, 0)).toBe(120)
    // It refers to real steps and items only.
    expect(() => handle.sqlite.exec(`INSERT INTO change_step_items VALUES (1, 99999, 1, 2, '2025-10-17 09:00:00', NULL)`)).toThrow(/FOREIGN KEY/)
  })

  it('keeps the facet counts exact through inserts, updates of any facet column and deletes', async () => {
    await migrateToLatest(handle.db)
    await seedSchool(handle.sqlite, { students: 60, items: 300, decided: 0.3, seed: 9 })
    expect(facetCounts()).toEqual(liveCounts())
    const s = handle.sqlite
    s.exec(`UPDATE report_items SET status = 'checking' WHERE id % 3 = 0 AND status = 'new'`)
    s.exec(`UPDATE report_items SET vanished_at = '2025-10-18 08:00:00' WHERE id % 5 = 0`)
    s.exec(`UPDATE report_items SET source_changed_at = NULL WHERE id % 7 = 0`)
    s.exec(`UPDATE report_items SET section = 'activities' WHERE id % 11 = 0`)
    s.exec(`UPDATE report_items SET reason = reason || '！', version = version + 1 WHERE id % 2 = 0`)
    s.exec(`UPDATE report_items SET vanished_at = NULL WHERE id % 10 = 0`)
    s.exec(`DELETE FROM report_items WHERE id % 13 = 0`)
    expect(facetCounts()).toEqual(liveCounts())
    // Emptied groups go away, so the table stays as small as the data.
    s.exec(`DELETE FROM report_items`)
    expect(facetCounts()).toEqual([])
  })

  // The queue's own statements and their plans: test/core/queue/plans.test.ts.
  it('finds the last step an operator can undo by index', async () => {
    await migrateToLatest(handle.db)
    const captured: CompiledQuery[] = []
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: handle.sqlite }),
      log: (event) => {
        if (event.level === 'query') captured.push(event.query)
      },
    })
    await lastStep(db, '王大同')
    const [step] = captured.map((q) =>
      (handle.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[])
        .map((r) => r.detail).join('\n'))
    expect(step).toMatch(/USING INDEX change_steps_operator/)
  })
})
