import { sql, type Kysely } from 'kysely'
import { isPostgres } from './backend'

// Frozen in time: never imports app code.
//
// Two things the October desk records on report items (issue 12):
// - channel: a report or dispute that reached the section at the counter or by phone is entered
//   by hand ('counter' | 'phone' | 'other'); NULL for an item an import brought in. A hand entry
//   stands without an import: no confirmation row (that is the central system's record of what the
//   student pressed online, which the counter does not change) and no first batch (so nothing that
//   reads or undoes imports — the last sitting, 匯入紀錄, the undo of an import — ever takes it for
//   one). A later import that lists the same report updates it and sets last_batch_id. An imported
//   item keeps all three, as before (the CHECK says so).
// - dispute_reason: why a student disputes, when a closed or "no change" item is reopened as
//   disputed during the re-check (its history keeps who, when and each reason given).
//
// PostgreSQL relaxes the three NOT NULLs and adds the columns in place. SQLite cannot drop a NOT
// NULL: the table is rebuilt (sqlite.org/lang_altertable.html#otheralter) inside the migration's
// transaction, with foreign keys deferred: its rows are copied aside, the table dropped (the
// history, notes and steps that point at its rows wait as deferred violations) and created
// anew under its own name, and the rows copied back with their ids, which resolves those
// violations; then its indexes and triggers are created again from their own SQL. The counts and
// search grams the triggers keep are untouched: the rows are the same.

const CHANNEL = `'counter','phone','other'`
const SOURCE_CHECK = `CHECK ((channel IS NULL AND confirmation_id IS NOT NULL AND first_batch_id IS NOT NULL AND last_batch_id IS NOT NULL)
      OR (channel IS NOT NULL AND confirmation_id IS NULL AND first_batch_id IS NULL))`

/** report_items as 0001 made it, with the three columns nullable and the two new ones. */
const SQLITE_TABLE = `CREATE TABLE report_items (
    id INTEGER PRIMARY KEY,
    confirmation_id INTEGER REFERENCES confirmations(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    kind TEXT NOT NULL CHECK (kind IN ('course','outcome','performance','cadre')),
    term TEXT NOT NULL,
    section TEXT NOT NULL CHECK (section IN ('registration','activities','studentAffairs')),
    error_type TEXT NOT NULL CHECK (error_type IN ('extra','missing','wrong')),
    reason TEXT NOT NULL DEFAULT '',
    reported_at TEXT,
    ticket_no TEXT,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new','checking','corrected','resubmitted','closed','disputed','noChange')),
    resolution TEXT CHECK (resolution IS NULL OR resolution IN ('dataCorrect','studentSelection','duplicate','other')),
    resolution_note TEXT,
    duplicate_of_id INTEGER REFERENCES report_items(id),
    reply TEXT,
    resubmitted_at TEXT,
    resubmitted_by TEXT,
    vanished_at TEXT,
    source_changed_at TEXT,
    first_batch_id INTEGER REFERENCES import_batches(id),
    last_batch_id INTEGER REFERENCES import_batches(id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    channel TEXT CHECK (channel IS NULL OR channel IN (${CHANNEL})),
    dispute_reason TEXT,
    UNIQUE (student_id, kind, term, error_type),
    ${SOURCE_CHECK}
  ) STRICT`

const COLUMNS = `id, confirmation_id, student_id, kind, term, section, error_type, reason, reported_at, ticket_no, status,
  resolution, resolution_note, duplicate_of_id, reply, resubmitted_at, resubmitted_by, vanished_at, source_changed_at,
  first_batch_id, last_batch_id, version, created_at, updated_at, updated_by`

async function sqliteUp(db: Kysely<any>): Promise<void> {
  const own = await sql<{ sql: string }>`SELECT sql FROM sqlite_master
    WHERE tbl_name = 'report_items' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name`.execute(db)
  await sql`PRAGMA defer_foreign_keys = ON`.execute(db)
  await sql.raw(`CREATE TABLE report_items_0010 AS SELECT ${COLUMNS} FROM report_items`).execute(db)
  await sql`DROP TABLE report_items`.execute(db)
  await sql.raw(SQLITE_TABLE).execute(db)
  await sql.raw(`INSERT INTO report_items (${COLUMNS}) SELECT ${COLUMNS} FROM report_items_0010 ORDER BY id`).execute(db)
  await sql`DROP TABLE report_items_0010`.execute(db)
  for (const { sql: statement } of own.rows) await sql.raw(statement).execute(db)
}

async function postgresUp(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `ALTER TABLE report_items ALTER COLUMN confirmation_id DROP NOT NULL`,
    `ALTER TABLE report_items ALTER COLUMN first_batch_id DROP NOT NULL`,
    `ALTER TABLE report_items ALTER COLUMN last_batch_id DROP NOT NULL`,
    `ALTER TABLE report_items ADD COLUMN channel text COLLATE "C" CHECK (channel IS NULL OR channel IN (${CHANNEL}))`,
    `ALTER TABLE report_items ADD COLUMN dispute_reason text COLLATE "C"`,
    `ALTER TABLE report_items ADD CONSTRAINT report_items_source ${SOURCE_CHECK}`,
  ]) await sql.raw(statement).execute(db)
}

export async function up(db: Kysely<any>): Promise<void> {
  await (isPostgres(db) ? postgresUp(db) : sqliteUp(db))
}
