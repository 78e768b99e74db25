import type { Insertable } from 'kysely'
import type {
  CadreRecordsTable,
  ConfirmationsTable,
  CourseRecordsTable,
  Database,
  OutcomeRecordsTable,
  PerformanceRecordsTable,
  ReportItemsTable,
  StudentsTable,
} from '../../src/core/db/schema'
import type { Db } from '../../src/core/db/store'
import { DEFAULT_ROUTING } from '../../src/shared/domain'

// Test-data builders: the smallest rows a test needs, with sensible defaults, written
// straight to the DB. For unit tests of triage, export and the dashboard; the importer
// has its own tests that prove files land as these rows do.

const NOW = '2025-10-10 09:00:00'

export async function makeBatch(db: Db, values: Partial<Insertable<Database['import_batches']>> = {}) {
  return db
    .insertInto('import_batches')
    .values({
      round_id: null, file_name: 'fixture.csv', file_hash: 'fixture', file_kind: 'confirmation', term: null,
      imported_at: NOW, operator: '測試', unconfirmed_students: null, ...values,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((r) => r.id)
}

let serial = 0
export async function makeStudent(db: Db, values: Partial<Insertable<StudentsTable>> = {}) {
  serial += 1
  const no = String(110000 + serial)
  return db
    .insertInto('students')
    .values({
      student_no: no, national_id: `A1${String(serial).padStart(8, '0')}`, name: `學生${serial}`, class_name: '201',
      seat: String(serial % 40 + 1).padStart(2, '0'), grade: 2, birth_date: '2008-05-01', homeroom_teacher: '林老師',
      first_batch_id: null, last_batch_id: null, created_at: NOW, updated_at: NOW, ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function makeConfirmation(
  db: Db,
  values: Partial<Insertable<ConfirmationsTable>> & Pick<Insertable<ConfirmationsTable>, 'student_id'>,
) {
  const batch = values.first_batch_id ?? (await makeBatch(db))
  return db
    .insertInto('confirmations')
    .values({
      kind: 'course', term: '1132', state: 'reported', state_text: null, confirmed_at: NOW,
      first_batch_id: batch, last_batch_id: batch, created_at: NOW, updated_at: NOW, ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** A report item, with its student and confirmation made too unless given. */
export async function makeReportItem(db: Db, values: Partial<Insertable<ReportItemsTable>> = {}) {
  const kind = values.kind ?? 'course'
  const term = values.term ?? '1132'
  const studentId = values.student_id ?? (await makeStudent(db)).id
  const confirmation =
    values.confirmation_id ?? (await makeConfirmation(db, { student_id: studentId, kind, term, state: 'reported' })).id
  const batch = values.first_batch_id ?? (await makeBatch(db))
  return db
    .insertInto('report_items')
    .values({
      confirmation_id: confirmation, student_id: studentId, kind, term, section: DEFAULT_ROUTING[kind],
      error_type: 'extra', reason: '多了國文', reported_at: NOW, ticket_no: null, resolution: null,
      resolution_note: null, duplicate_of_id: null, reply: null, resubmitted_at: null, resubmitted_by: null,
      vanished_at: null, source_changed_at: NOW, first_batch_id: batch, last_batch_id: batch, created_at: NOW,
      updated_at: NOW, updated_by: null, ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

const recordDefaults = (batch: number) => ({
  student_id: null, term: '1132', row_hash: 'h', source: '{}', first_batch_id: batch, last_batch_id: batch,
  created_at: NOW, updated_at: NOW,
})

export async function makeCourseRecord(
  db: Db,
  values: Partial<Insertable<CourseRecordsTable>> & Pick<Insertable<CourseRecordsTable>, 'national_id'>,
) {
  const batch = values.first_batch_id ?? (await makeBatch(db, { file_kind: 'course' }))
  const code = values.course_code ?? `113A0000000000${String(++serial).padStart(9, '0')}`
  return db
    .insertInto('course_records')
    .values({
      ...recordDefaults(batch), sheet: '學期成績', course_code: code, natural_key: `學期成績|${code}`,
      subject_name: '國語文', grade_offered: '2', credits: 4, score: 80, passed: 'pass', makeup_score: null,
      makeup_passed: 'none', credit_counted: 'counted', qualitative: null, ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function makeCadreRecord(
  db: Db,
  values: Partial<Insertable<CadreRecordsTable>> & Pick<Insertable<CadreRecordsTable>, 'national_id'>,
) {
  const batch = values.first_batch_id ?? (await makeBatch(db, { file_kind: 'cadre' }))
  const unit = values.unit_name ?? '201班'
  const role = values.role ?? '班長'
  return db
    .insertInto('cadre_records')
    .values({
      ...recordDefaults(batch), natural_key: `${unit}|${role}|2025-02-01`, unit_name: unit, role,
      start_date: '2025-02-01', end_date: '2025-06-30', level: 'class', ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function makePerformanceRecord(
  db: Db,
  values: Partial<Insertable<PerformanceRecordsTable>> & Pick<Insertable<PerformanceRecordsTable>, 'national_id'>,
) {
  const batch = values.first_batch_id ?? (await makeBatch(db, { file_kind: 'performance' }))
  const title = values.title ?? '全國高中英語演講比賽'
  return db
    .insertInto('performance_records')
    .values({
      ...recordDefaults(batch), category: '競賽參與紀錄', title, natural_key: `競賽參與紀錄|${title}|${++serial}`,
      fields: JSON.stringify({ 競賽名稱: title, 競賽等級: 'national', 獎項: '佳作' }), ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function makeOutcomeRecord(
  db: Db,
  values: Partial<Insertable<OutcomeRecordsTable>> & Pick<Insertable<OutcomeRecordsTable>, 'national_id'>,
) {
  const batch = values.first_batch_id ?? (await makeBatch(db, { file_kind: 'outcome' }))
  return db
    .insertInto('outcome_records')
    .values({
      ...recordDefaults(batch), natural_key: `outcome|${++serial}`, course_code: null, subject_name: '物理',
      grade_offered: '2', credits: 2, summary: '自由落體實驗報告', ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}
