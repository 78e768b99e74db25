import { z } from 'zod'
import type { ConfirmationState, DeadlineState, ErrorType, ItemStatus, Kind, Resolution, Section } from '../domain'
import { call } from './define'
import type { RoundView } from './rounds'

/** How a search found a student: the page says so next to the hit. */
export type StudentMatch = 'nationalId' | 'studentNo' | 'classSeat' | 'class' | 'name'
export const STUDENT_MATCH_LABELS: Record<StudentMatch, string> = {
  nationalId: '身分證號',
  studentNo: '學號',
  classSeat: '班級座號',
  class: '班級',
  name: '姓名',
}

export interface StudentHit {
  id: number
  studentNo: string
  name: string
  className: string
  seat: string
  matchedBy: StudentMatch
}

export interface StudentSummary {
  id: number
  studentNo: string
  name: string
  className: string
  seat: string
  grade: number | null
  homeroomTeacher: string | null
  /** 'A12****789'; the full ID only through `students.revealNationalId`. Null when the roster had none. */
  nationalIdMasked: string | null
}

/** One cell of the kinds × terms grid: null state when no export has listed the pair yet. */
export interface StudentConfirmation {
  kind: Kind
  term: string
  state: ConfirmationState | null
  stateText: string | null
  confirmedAt: string | null
}

export interface StudentItem {
  id: number
  kind: Kind
  term: string
  section: Section
  errorType: ErrorType
  reason: string
  reportedAt: string | null
  status: ItemStatus
  resolution: Resolution | null
  resolutionNote: string | null
  reply: string | null
  resubmittedAt: string | null
  resubmittedBy: string | null
  vanishedAt: string | null
  updatedAt: string
  updatedBy: string | null
  /** How many changes (user actions) its history holds, and how many internal notes: the page says so before it is opened. */
  changes: number
  notes: number
  /** Whether the item's (kind, term) belongs to the round shown; deadlines apply only then. */
  inRound: boolean
  deadline: string | null
  deadlineState: DeadlineState | null
  ageHours: number | null
}

/** What was done about the student (not an item), on the record: who and when. */
export const STUDENT_ACTIONS = ['revealNationalId'] as const
export type StudentAction = (typeof STUDENT_ACTIONS)[number]
export const STUDENT_ACTION_LABELS: Record<StudentAction, string> = {
  revealNationalId: '顯示完整身分證號',
}

export interface StudentHistoryEntry {
  id: number
  at: string
  operator: string
  action: StudentAction
}

export interface StudentDetail {
  student: StudentSummary
  round: RoundView
  now: string
  confirmations: StudentConfirmation[]
  items: StudentItem[]
  /** Newest first. */
  history: StudentHistoryEntry[]
}

export const studentCalls = {
  /** How many students the roster holds (the page's empty state). */
  'students.count': call(z.object({})).returns<{ students: number }>(),
  /** By student number (prefix), class + seat ('201 05', '20105'), class ('201'), name (part) or full national ID. */
  'students.search': call(
    z.object({
      query: z.string().max(40, '查詢文字最多 40 字'),
      limit: z.number().int().min(1).max(50).default(20),
    }),
  ).returns<StudentHit[]>(),
  'students.get': call(
    z.object({ id: z.number().int().positive(), roundId: z.number().int().positive().optional() }),
  ).returns<StudentDetail>(),
  /** Personal data: shown only when a user asks for it, and recorded in the student's history (who, when). */
  'students.revealNationalId': call(z.object({ id: z.number().int().positive() })).returns<{ nationalId: string | null }>(),
}
