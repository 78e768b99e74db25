import { z } from 'zod'
import { KINDS, type Kind } from '../domain'
import { call } from './define'

// A student's submitted records of one kind, as the central database holds them, with the
// rows a report's reasons mention marked (core/records/match.ts).

export type PassState = 'pass' | 'fail' | 'none'
export type CreditCounted = 'counted' | 'notCounted' | 'noGrading'
export type CadreLevel = 'school' | 'class' | 'club' | 'internship' | 'external' | 'other'

export const PASS_LABELS: Record<PassState, string> = { pass: '及格', fail: '不及格', none: '無成績' }
export const CREDIT_COUNTED_LABELS: Record<CreditCounted, string> = {
  counted: '採計學分',
  notCounted: '不採計學分',
  noGrading: '不需評分',
}
export const CADRE_LEVEL_LABELS: Record<CadreLevel, string> = {
  school: '校級幹部',
  class: '班級幹部',
  club: '社團幹部',
  internship: '實習幹部',
  external: '校外自治組織團體',
  other: '其他幹部',
}

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
