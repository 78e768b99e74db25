import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../../src/core/db/connection'
import { migrations } from '../../../src/core/db/migrations'
import { tempDir } from '../../helpers/tempCore'

let handle: DatabaseHandle
beforeEach(() => (handle = openDatabase(join(tempDir(), 'db.sqlite'))))
afterEach(() => handle.close())

/** Every migration before 0006: the schema a DB has when this version first opens it. */
const before0006 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0006'))

async function seedAt0005() {
  await migrateToLatest(handle.db, { getMigrations: async () => before0006 })
  handle.sqlite.exec(`INSERT INTO rounds (id, name, school_year, confirm_start, confirm_end, fix_start, fix_end, recheck_start,
      recheck_end, dispute_end, investigation_days, is_current, created_at, updated_at, updated_by)
    VALUES (1, '113 學年度收訖明細確認', 113, '2024-10-07 08:00:00', '2024-10-16 17:00:00', '2024-10-17 00:00:00',
      '2024-10-21 23:59:59', '2024-10-22 08:00:00', '2024-10-23 10:30:00', '2024-10-23 10:30:00', 3, 0, 'x', 'x', NULL),
    (2, '114 學年度收訖明細確認', 114, '2025-10-07 08:00:00', '2025-10-16 17:00:00', '2025-10-17 00:00:00',
      '2025-10-21 23:59:59', '2025-10-22 08:00:00', '2025-10-23 10:30:00', '2025-10-23 10:30:00', 5, 1, 'x', 'x', '陳怡君');
    INSERT INTO round_terms VALUES (2, 'course', '1132');
    INSERT INTO import_batches (id, file_name, file_hash, file_kind, imported_at, operator) VALUES (1, '名冊.xlsx', 'x', 'roster', 'x', '陳怡君');
    INSERT INTO students (id, student_no, national_id, name, class_name, seat, created_at, updated_at)
      VALUES (7, '112001', 'A123456789', '林小華', '201', '05', 'x', 'x');
    INSERT INTO change_steps (id, at, operator, label, item_count, undone_at) VALUES (1, '2025-10-17 09:00:00', '陳怡君', '改為「查核中」', 1, NULL);`)
}

describe('migration 0006_deadline_rule_routing_student_history', () => {
  it('gives every existing round the deadline rule DESIGN.md now names, keeping the rest of the round', async () => {
    await seedAt0005()
    expect(await migrateToLatest(handle.db)).toContain('0006_deadline_rule_routing_student_history')
    const rounds = await handle.db.selectFrom('rounds').select(['id', 'investigation_days', 'deadline_rule', 'updated_by']).orderBy('id').execute()
    expect(rounds).toEqual([
      { id: 1, investigation_days: 3, deadline_rule: 'fromFixStart', updated_by: null },
      { id: 2, investigation_days: 5, deadline_rule: 'fromFixStart', updated_by: '陳怡君' },
    ])
    expect(() => handle.sqlite.exec(`UPDATE rounds SET deadline_rule = 'whenever' WHERE id = 2`)).toThrow(/CHECK constraint failed/)
    handle.sqlite.exec(`UPDATE rounds SET deadline_rule = 'fromReport' WHERE id = 2`)
    expect(handle.sqlite.prepare('SELECT deadline_rule FROM rounds WHERE id = 2').pluck().get()).toBe('fromReport')
  })

  it('keeps the steps taken before it, none with settings to put back; a routing step keeps the routing it changed', async () => {
    await seedAt0005()
    await migrateToLatest(handle.db)
    expect(await handle.db.selectFrom('change_steps').select(['id', 'label', 'settings_before']).execute())
      .toEqual([{ id: 1, label: '改為「查核中」', settings_before: null }])
    await handle.db.updateTable('change_steps').set({ settings_before: '{"routing":{"cadre":"studentAffairs"}}' }).execute()
    expect(JSON.parse((await handle.db.selectFrom('change_steps').select('settings_before').executeTakeFirstOrThrow()).settings_before!))
      .toEqual({ routing: { cadre: 'studentAffairs' } })
  })

  it('adds an empty history per student, kept only for students that exist, read by the student index', async () => {
    await seedAt0005()
    await migrateToLatest(handle.db)
    expect(await handle.db.selectFrom('students').select(['id', 'name']).execute()).toEqual([{ id: 7, name: '林小華' }])
    expect(await handle.db.selectFrom('student_history').selectAll().execute()).toEqual([])
    await handle.db.insertInto('student_history').values({ student_id: 7, at: '2025-10-18 09:12:00', operator: '王小明', action: 'revealNationalId' }).execute()
    expect(await handle.db.selectFrom('student_history').selectAll().execute())
      .toEqual([{ id: 1, student_id: 7, at: '2025-10-18 09:12:00', operator: '王小明', action: 'revealNationalId' }])
    expect(() => handle.sqlite.exec(`INSERT INTO student_history (student_id, at, operator, action) VALUES (99, 'x', '王小明', 'revealNationalId')`))
      .toThrow(/FOREIGN KEY constraint failed/)
    expect(() => handle.sqlite.exec(`INSERT INTO student_history (student_id, at, operator, action) VALUES (7, 'x', '王小明', 'sawGrades')`))
      .toThrow(/CHECK constraint failed/)
    const plan = handle.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT id, at, operator, action FROM student_history WHERE student_id = ? ORDER BY at DESC, id DESC`)
      .all(7) as { detail: string }[]
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/SEARCH student_history USING INDEX student_history_by_student \(student_id=\?\)/)
  })
})
