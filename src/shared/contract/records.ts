import { z } from 'zod'
import { KINDS, type CadreLevel, type CreditCounted, type Kind, type PassState } from '../domain'
import { call } from './define'

// A student's submitted records of one kind, as the central database holds them, with the
// rows a report's reasons mention marked (core/records/match.ts).

/** Why a row is highlighted: what in which reason pointed at it. */
export interface RecordMatch {
  /** The words of the reasons that point at this row, e.g. 「國文→國語文」, 「85分」. */
  mentions: string[]
  /** Cells the reason questions, e.g. `credits` for 「應為3學分」. */
  cells: string[]
}

interface RecordBase {
  id: number
  term: string
  match: RecordMatch | null
}

export interface CourseRecordRow extends RecordBase {
  sheet: string
  courseCode: string
  subjectName: string
  gradeOffered: string | null
  credits: number | null
  score: number | null
  passed: PassState | null
  makeupScore: number | null
  makeupPassed: PassState | null
  creditCounted: CreditCounted | null
}

export interface CadreRecordRow extends RecordBase {
  unitName: string
  role: string
  startDate: string | null
  endDate: string | null
  level: CadreLevel | null
}

export interface PerformanceRecordRow extends RecordBase {
  category: string
  title: string | null
  /** Every column of the category's sheet, as imported. */
  fields: Record<string, string>
}

export interface OutcomeRecordRow extends RecordBase {
  courseCode: string | null
  subjectName: string
  gradeOffered: string | null
  credits: number | null
  summary: string | null
}

export type StudentRecords =
  | { kind: 'course'; rows: CourseRecordRow[] }
  | { kind: 'cadre'; rows: CadreRecordRow[] }
  | { kind: 'performance'; rows: PerformanceRecordRow[] }
  | { kind: 'outcome'; rows: OutcomeRecordRow[] }

export type RecordsOf<K extends Kind> = Extract<StudentRecords, { kind: K }>['rows']

export const recordsCalls = {
  'records.list': call(
    z.object({
      studentId: z.number().int().positive(),
      kind: z.enum(KINDS),
      /** One term, or every term when left out. */
      term: z.string().regex(/^\d{3,4}$/).optional(),
      /** Report reasons whose mentions should be highlighted. */
      reasons: z.array(z.string().max(1000)).max(10).default([]),
    }),
  ).returns<StudentRecords>(),
}
