import { sql } from 'kysely'
import type { RecordMatch, StudentRecords } from '../../shared/contract/records'
import type { Kind } from '../../shared/domain'
import { termsWithRecordsFor } from '../../shared/terms'
import type { Database } from '../db/schema'
import type { Db } from '../db/store'
import { AppError } from '../errors'
import { matchRecords, type MatchableRecord } from './match'

export interface RecordsRequest {
  studentId: number
  kind: Kind
  term?: string
  reasons: string[]
}

/**
 * A student's submitted records of one kind (one term, or all), in the order they were
 * imported, with the rows the reasons mention marked. Records are tied to the student by
 * student_id, or by national ID when the roster link was not made at import. A term's records
 * include its school year's year-level ones (term '113', from a file of the whole year).
 */
export async function studentRecords(db: Db, request: RecordsRequest): Promise<StudentRecords> {
  const student = await db
    .selectFrom('students')
    .select(['id', 'national_id'])
    .where('id', '=', request.studentId)
    .executeTakeFirst()
  if (!student) throw new AppError('student-not-found', `找不到這位學生（編號 ${request.studentId}）。`)
  const ofStudent = sql<boolean>`(r.student_id = ${student.id} OR r.national_id = ${student.national_id ?? ''})`
  const inTerm = request.term === undefined ? sql<boolean>`true` : sql<boolean>`r.term IN (${sql.join(termsWithRecordsFor(request.term))})`
  const mark = (records: MatchableRecord[]) => {
    const matches = matchRecords(request.reasons, records)
    return (id: number): RecordMatch | null => matches.get(id) ?? null
  }

  switch (request.kind) {
    case 'course': {
      const rows = await db.selectFrom('course_records as r').selectAll().where(ofStudent).where(inTerm).orderBy('r.term').orderBy('r.id').execute()
      const match = mark(rows.map((r) => ({
        id: r.id, names: [r.subject_name, r.course_code], credits: r.credits, scores: [r.score, r.makeup_score],
      })))
      return {
        kind: 'course',
        rows: rows.map((r) => ({
          id: r.id, term: r.term, sheet: r.sheet, courseCode: r.course_code, subjectName: r.subject_name,
          gradeOffered: r.grade_offered, credits: r.credits, score: r.score, passed: r.passed, makeupScore: r.makeup_score,
          makeupPassed: r.makeup_passed, creditCounted: r.credit_counted, match: match(r.id),
        })),
      }
    }
    case 'cadre': {
      const rows = await db.selectFrom('cadre_records as r').selectAll().where(ofStudent).where(inTerm).orderBy('r.term').orderBy('r.id').execute()
      const match = mark(rows.map((r) => ({ id: r.id, names: [r.role, r.unit_name] })))
      return {
        kind: 'cadre',
        rows: rows.map((r) => ({
          id: r.id, term: r.term, unitName: r.unit_name, role: r.role, startDate: r.start_date, endDate: r.end_date,
          level: r.level, match: match(r.id),
        })),
      }
    }
    case 'performance': {
      const rows = await db.selectFrom('performance_records as r').selectAll().where(ofStudent).where(inTerm).orderBy('r.term').orderBy('r.category').orderBy('r.id').execute()
      const match = mark(rows.map((r) => ({ id: r.id, names: [], titles: r.title ? [r.title] : [], categories: [r.category] })))
      return {
        kind: 'performance',
        rows: rows.map((r) => ({
          id: r.id, term: r.term, category: r.category, title: r.title, fields: parseFields(r.fields), match: match(r.id),
        })),
      }
    }
    case 'outcome': {
      const rows = await db.selectFrom('outcome_records as r').selectAll().where(ofStudent).where(inTerm).orderBy('r.term').orderBy('r.id').execute()
      const match = mark(rows.map((r) => ({
        id: r.id, names: [r.subject_name, ...(r.course_code ? [r.course_code] : [])], credits: r.credits,
      })))
      return {
        kind: 'outcome',
        rows: rows.map((r) => ({
          id: r.id, term: r.term, courseCode: r.course_code, subjectName: r.subject_name, gradeOffered: r.grade_offered,
          credits: r.credits, summary: r.summary, match: match(r.id),
        })),
      }
    }
  }
}

/** The category's columns as imported; values shown as text. */
function parseFields(json: string): Record<string, string> {
  try {
    const value = JSON.parse(json) as unknown
    if (!value || typeof value !== 'object') return {}
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]))
  } catch {
    return {}
  }
}
