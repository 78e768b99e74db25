import type { Kysely } from 'kysely'
import { runStatements } from './backend'

// Frozen in time: a migration never imports app code, so that what it does
// never changes after it has shipped.
//
// SQLite: STRICT tables, INTEGER PRIMARY KEY rowids. PostgreSQL: the same tables, columns,
// constraints and indexes, with identity keys (BY DEFAULT, so that a local DB's rows can be moved
// to a server with their ids), double precision for REAL, text in the "C" collation (sorted by
// code point, as SQLite sorts), and no STRICT (its types are strict).

const KIND = `'course','outcome','performance','cadre'`
const FILE_KIND = `'roster','confirmation',${KIND}`
const SECTION = `'registration','activities','studentAffairs'`
const ERROR_TYPE = `'extra','missing','wrong'`
const STATUS = `'new','checking','corrected','resubmitted','closed','disputed','noChange'`
const RESOLUTION = `'dataCorrect','studentSelection','duplicate','other'`
const PASS = `'pass','fail','none'`

/** Columns every submitted-record table shares, so one merge serves the four kinds. */
const RECORD_COLUMNS = `
  id INTEGER PRIMARY KEY,
  student_id INTEGER REFERENCES students(id),
  national_id TEXT NOT NULL,
  term TEXT NOT NULL,
  natural_key TEXT NOT NULL,
  row_hash TEXT NOT NULL,
  source TEXT NOT NULL,
  first_batch_id INTEGER NOT NULL REFERENCES import_batches(id),
  last_batch_id INTEGER NOT NULL REFERENCES import_batches(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL`

const sqlite = [
  `CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT`,

  `CREATE TABLE rounds (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    school_year INTEGER NOT NULL,
    confirm_start TEXT NOT NULL,
    confirm_end TEXT NOT NULL,
    fix_start TEXT NOT NULL,
    fix_end TEXT NOT NULL,
    recheck_start TEXT NOT NULL,
    recheck_end TEXT NOT NULL,
    dispute_end TEXT NOT NULL,
    investigation_days INTEGER NOT NULL DEFAULT 3 CHECK (investigation_days > 0),
    is_current INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`,
  `CREATE UNIQUE INDEX rounds_single_current ON rounds(is_current) WHERE is_current = 1`,

  `CREATE TABLE round_terms (
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN (${KIND})),
    term TEXT NOT NULL,
    PRIMARY KEY (round_id, kind, term)
  ) STRICT`,

  `CREATE TABLE import_batches (
    id INTEGER PRIMARY KEY,
    round_id INTEGER REFERENCES rounds(id),
    file_name TEXT NOT NULL,
    file_hash TEXT NOT NULL,
    file_kind TEXT NOT NULL CHECK (file_kind IN (${FILE_KIND})),
    term TEXT,
    sheets TEXT NOT NULL DEFAULT '[]',
    imported_at TEXT NOT NULL,
    operator TEXT NOT NULL,
    added INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    vanished INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    skipped_reasons TEXT NOT NULL DEFAULT '[]',
    unconfirmed_students INTEGER
  ) STRICT`,
  `CREATE INDEX import_batches_round ON import_batches(round_id, imported_at)`,

  `CREATE TABLE students (
    id INTEGER PRIMARY KEY,
    student_no TEXT NOT NULL UNIQUE,
    national_id TEXT UNIQUE,
    name TEXT NOT NULL,
    class_name TEXT NOT NULL,
    seat TEXT NOT NULL,
    grade INTEGER,
    birth_date TEXT,
    homeroom_teacher TEXT,
    extra TEXT NOT NULL DEFAULT '{}',
    first_batch_id INTEGER REFERENCES import_batches(id),
    last_batch_id INTEGER REFERENCES import_batches(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`,
  `CREATE INDEX students_class_seat ON students(class_name, seat)`,
  `CREATE INDEX students_name ON students(name)`,

  `CREATE TABLE confirmations (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    kind TEXT NOT NULL CHECK (kind IN (${KIND})),
    term TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('unconfirmed','correct','reported')),
    state_text TEXT,
    confirmed_at TEXT,
    first_batch_id INTEGER NOT NULL REFERENCES import_batches(id),
    last_batch_id INTEGER NOT NULL REFERENCES import_batches(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (student_id, kind, term)
  ) STRICT`,
  `CREATE INDEX confirmations_kind_term_state ON confirmations(kind, term, state)`,

  `CREATE TABLE report_items (
    id INTEGER PRIMARY KEY,
    confirmation_id INTEGER NOT NULL REFERENCES confirmations(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    kind TEXT NOT NULL CHECK (kind IN (${KIND})),
    term TEXT NOT NULL,
    section TEXT NOT NULL CHECK (section IN (${SECTION})),
    error_type TEXT NOT NULL CHECK (error_type IN (${ERROR_TYPE})),
    reason TEXT NOT NULL DEFAULT '',
    reported_at TEXT,
    ticket_no TEXT,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN (${STATUS})),
    resolution TEXT CHECK (resolution IS NULL OR resolution IN (${RESOLUTION})),
    resolution_note TEXT,
    duplicate_of_id INTEGER REFERENCES report_items(id),
    reply TEXT,
    resubmitted_at TEXT,
    resubmitted_by TEXT,
    vanished_at TEXT,
    source_changed_at TEXT,
    first_batch_id INTEGER NOT NULL REFERENCES import_batches(id),
    last_batch_id INTEGER NOT NULL REFERENCES import_batches(id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    UNIQUE (student_id, kind, term, error_type)
  ) STRICT`,
  `CREATE INDEX report_items_section_status ON report_items(section, status)`,
  `CREATE INDEX report_items_confirmation ON report_items(confirmation_id)`,

  `CREATE TABLE change_steps (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    operator TEXT NOT NULL,
    label TEXT NOT NULL,
    item_count INTEGER NOT NULL,
    undone_at TEXT
  ) STRICT`,

  `CREATE TABLE item_history (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES report_items(id),
    step_id INTEGER REFERENCES change_steps(id),
    at TEXT NOT NULL,
    operator TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
  ) STRICT`,
  `CREATE INDEX item_history_item ON item_history(item_id, id)`,
  `CREATE INDEX item_history_step ON item_history(step_id)`,

  `CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES report_items(id),
    step_id INTEGER REFERENCES change_steps(id),
    at TEXT NOT NULL,
    operator TEXT NOT NULL,
    body TEXT NOT NULL
  ) STRICT`,
  `CREATE INDEX notes_item ON notes(item_id, id)`,

  `CREATE TABLE course_records (${RECORD_COLUMNS},
    sheet TEXT NOT NULL,
    course_code TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    grade_offered TEXT,
    credits REAL,
    score REAL,
    passed TEXT CHECK (passed IS NULL OR passed IN (${PASS})),
    makeup_score REAL,
    makeup_passed TEXT CHECK (makeup_passed IS NULL OR makeup_passed IN (${PASS})),
    credit_counted TEXT CHECK (credit_counted IS NULL OR credit_counted IN ('counted','notCounted','noGrading')),
    qualitative TEXT,
    UNIQUE (national_id, term, natural_key)
  ) STRICT`,
  `CREATE INDEX course_records_student ON course_records(student_id, term)`,

  `CREATE TABLE cadre_records (${RECORD_COLUMNS},
    unit_name TEXT NOT NULL,
    role TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT,
    level TEXT CHECK (level IS NULL OR level IN ('school','class','club','internship','external','other')),
    UNIQUE (national_id, term, natural_key)
  ) STRICT`,
  `CREATE INDEX cadre_records_student ON cadre_records(student_id, term)`,

  `CREATE TABLE performance_records (${RECORD_COLUMNS},
    category TEXT NOT NULL,
    title TEXT,
    fields TEXT NOT NULL DEFAULT '{}',
    UNIQUE (national_id, term, natural_key)
  ) STRICT`,
  `CREATE INDEX performance_records_student ON performance_records(student_id, term)`,

  `CREATE TABLE outcome_records (${RECORD_COLUMNS},
    course_code TEXT,
    subject_name TEXT NOT NULL,
    grade_offered TEXT,
    credits REAL,
    summary TEXT,
    UNIQUE (national_id, term, natural_key)
  ) STRICT`,
  `CREATE INDEX outcome_records_student ON outcome_records(student_id, term)`,

  `CREATE TABLE column_mappings (
    header_signature TEXT PRIMARY KEY,
    file_kind TEXT NOT NULL CHECK (file_kind IN (${FILE_KIND})),
    mapping TEXT NOT NULL,
    operator TEXT,
    updated_at TEXT NOT NULL
  ) STRICT`,
]

/** The same schema in PostgreSQL's words. */
const postgres = sqlite.map((statement) =>
  statement
    .replace(/\bINTEGER PRIMARY KEY\b/g, 'integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY')
    .replace(/\bREAL\b/g, 'double precision')
    // Text compares and sorts by code point, as SQLite's BINARY does, whatever the server's locale.
    .replace(/\bTEXT\b/g, 'text COLLATE "C"')
    .replace(/\) STRICT$/, ')'),
)

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, { sqlite, postgres })
}
