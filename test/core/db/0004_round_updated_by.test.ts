import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../../src/core/db/connection'
import { migrations } from '../../../src/core/db/migrations'
import { tempDir } from '../../helpers/tempCore'

let handle: DatabaseHandle
beforeEach(() => (handle = openDatabase(join(tempDir(), 'db.sqlite'))))
afterEach(() => handle.close())

/** Every migration before 0004: the schema a DB has when this version first opens it. */
const before0004 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0004'))

describe('migration 0004_round_updated_by', () => {
  it('keeps the existing rounds and their terms, with nobody recorded as having edited them', async () => {
    await migrateToLatest(handle.db, { getMigrations: async () => before0004 })
    handle.sqlite.exec(`INSERT INTO rounds (id, name, school_year, confirm_start, confirm_end, fix_start, fix_end, recheck_start,
        recheck_end, dispute_end, is_current, created_at, updated_at)
      VALUES (1, '114 學年度收訖明細確認', 114, '2025-10-07 08:00:00', '2025-10-16 17:00:00', '2025-10-17 00:00:00',
        '2025-10-21 23:59:59', '2025-10-22 08:00:00', '2025-10-23 10:30:00', '2025-10-23 10:30:00', 1, 'x', 'x');
      INSERT INTO round_terms VALUES (1, 'course', '1132'), (1, 'cadre', '1132');`)

    const applied = await migrateToLatest(handle.db)
    expect(applied).toContain('0004_round_updated_by')
    const row = await handle.db.selectFrom('rounds').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({ id: 1, name: '114 學年度收訖明細確認', confirm_end: '2025-10-16 17:00:00', investigation_days: 3, is_current: 1, updated_by: null })
    expect(await handle.db.selectFrom('round_terms').select(['kind', 'term']).orderBy('kind').execute())
      .toEqual([{ kind: 'cadre', term: '1132' }, { kind: 'course', term: '1132' }])
    await handle.db.updateTable('rounds').set({ updated_by: '陳怡君' }).execute()
    expect((await handle.db.selectFrom('rounds').select('updated_by').executeTakeFirstOrThrow()).updated_by).toBe('陳怡君')
  })
})
