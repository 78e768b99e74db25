import { sql, type Kysely, type Migration } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appliedMigrations, migrateToLatest, openDatabase, type DatabaseHandle } from '../../../src/core/db/connection'
import { migrations } from '../../../src/core/db/migrations'
import type { Database } from '../../../src/core/db/schema'
import { tempDir } from '../../helpers/tempCore'
import { join } from 'node:path'

const TABLES = [
  'settings', 'rounds', 'round_terms', 'import_batches', 'students', 'confirmations', 'report_items',
  'change_steps', 'item_history', 'notes', 'course_records', 'cadre_records', 'performance_records',
  'outcome_records', 'column_mappings',
]

let handle: DatabaseHandle
beforeEach(() => {
  handle = openDatabase(join(tempDir(), 'db.sqlite'))
})
afterEach(() => handle.close())

const now = '2025-10-17 09:00:00'

async function seedOneReport(db: Kysely<Database>) {
  const batch = await db.insertInto('import_batches')
    .values({ file_name: 'a.csv', file_hash: 'h', file_kind: 'confirmation', imported_at: now, operator: '王小明', round_id: null, term: '1132', unconfirmed_students: null })
    .returning('id').executeTakeFirstOrThrow()
  const student = await db.insertInto('students')
    .values({ student_no: '0123', national_id: 'A123456789', name: '林小華', class_name: '201', seat: '05', grade: 2, birth_date: null, homeroom_teacher: null, first_batch_id: batch.id, last_batch_id: batch.id, created_at: now, updated_at: now })
    .returning('id').executeTakeFirstOrThrow()
  const confirmation = await db.insertInto('confirmations')
    .values({ student_id: student.id, kind: 'course', term: '1132', state: 'reported', state_text: '資料錯誤回報', confirmed_at: now, first_batch_id: batch.id, last_batch_id: batch.id, created_at: now, updated_at: now })
    .returning('id').executeTakeFirstOrThrow()
  return { batch, student, confirmation }
}

describe('migration 0001_initial', () => {
  it('creates every table of the domain as STRICT, from an empty file', async () => {
    expect(await appliedMigrations(handle.db)).toEqual([])
    expect(await migrateToLatest(handle.db)).toEqual(Object.keys(migrations))
    const rows = handle.sqlite.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main'`).all() as { name: string; strict: number }[]
    for (const table of TABLES) {
      expect(rows.find((r) => r.name === table), table).toMatchObject({ strict: 1 })
    }
  })

  it('keeps identifiers as text with their leading zeros and refuses values outside the domain', async () => {
    await migrateToLatest(handle.db)
    const { batch, student, confirmation } = await seedOneReport(handle.db)
    const row = await handle.db.selectFrom('students').selectAll().where('id', '=', student.id).executeTakeFirstOrThrow()
    expect(row.student_no).toBe('0123')
    expect(row.seat).toBe('05')

    const item = { confirmation_id: confirmation.id, student_id: student.id, kind: 'course' as const, term: '1132', section: 'registration' as const, error_type: 'extra' as const, reason: '多了國文', reported_at: null, ticket_no: null, resolution: null, resolution_note: null, duplicate_of_id: null, reply: null, resubmitted_at: null, resubmitted_by: null, vanished_at: null, source_changed_at: now, first_batch_id: batch.id, last_batch_id: batch.id, created_at: now, updated_at: now, updated_by: null }
    const inserted = await handle.db.insertInto('report_items').values(item).returning(['status', 'version']).executeTakeFirstOrThrow()
    expect(inserted).toEqual({ status: 'new', version: 1 })

    // The same student × kind × term × error type is one item, not two.
    await expect(handle.db.insertInto('report_items').values(item).execute()).rejects.toThrow(/UNIQUE/)
    // A status the workflow does not know is refused by the DB itself.
    await expect(sql`UPDATE report_items SET status = 'lost'`.execute(handle.db)).rejects.toThrow(/CHECK/)
    // STRICT: a number where text belongs is stored as text; text where a number belongs is refused.
    await expect(sql`UPDATE report_items SET version = 'two'`.execute(handle.db)).rejects.toThrow(/cannot store TEXT value in INTEGER/)
  })

  it('enforces foreign keys (a report item needs its student)', async () => {
    await migrateToLatest(handle.db)
    expect(handle.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(handle.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    await expect(
      handle.db.insertInto('notes').values({ item_id: 999, step_id: null, at: now, operator: '王小明', body: 'x' }).execute(),
    ).rejects.toThrow(/FOREIGN KEY/)
  })

  it('runs the pending migrations in one transaction: a failing one leaves the file as it was', async () => {
    const failing: Migration = {
      async up(db) {
        await sql`CREATE TABLE half_done (id INTEGER) STRICT`.execute(db)
        throw new Error('boom')
      },
    }
    const provider = { getMigrations: async () => ({ ...migrations, '0002_failing': failing }) }
    await expect(migrateToLatest(handle.db, provider)).rejects.toMatchObject({ code: 'migration-failed' })
    const tables = handle.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely%'`).all()
    expect(tables).toEqual([])
    expect(await appliedMigrations(handle.db)).toEqual([])
  })

  it('serves the queue\'s section and status filters from an index', async () => {
    await migrateToLatest(handle.db)
    const plan = (query: string) =>
      (handle.sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all() as { detail: string }[]).map((r) => r.detail).join('\n')
    expect(plan(`SELECT id FROM report_items WHERE section = 'registration' AND status = 'new'`))
      .toMatch(/USING (COVERING )?INDEX report_items_section_status/)
    expect(plan(`SELECT id FROM report_items WHERE section = 'activities'`)).toMatch(/INDEX report_items_section_status/)
    expect(plan(`SELECT state, count(*) FROM confirmations WHERE kind = 'course' AND term = '1132' GROUP BY state`))
      .toMatch(/INDEX confirmations_kind_term_state/)
    expect(plan(`SELECT * FROM item_history WHERE item_id = 1 ORDER BY id`)).toMatch(/INDEX item_history_item/)
  })

  it('refuses a DB that a newer version of the app has migrated', async () => {
    await migrateToLatest(handle.db)
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('0999_future', '2030-01-01')`.execute(handle.db)
    await expect(migrateToLatest(handle.db)).rejects.toMatchObject({
      code: 'db-newer-version',
      message: expect.stringContaining('較新版本'),
    })
  })
})
