import { sql, type Kysely } from 'kysely'

// Frozen in time: a migration never imports app code.
// Rounds become editable in 設定; like every other change, an edit records who made it.
// Rounds made before this migration (the one created at first start) keep NULL: nobody edited them.
// The same statement on SQLite and PostgreSQL.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE rounds ADD COLUMN updated_by TEXT`.execute(db)
}
