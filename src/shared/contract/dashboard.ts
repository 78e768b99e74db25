import { z } from 'zod'
import { SECTIONS, type DeadlineState, type ErrorType, type ItemStatus, type Kind, type Section } from '../domain'
import { call } from './define'
import type { PhaseSpan, RoundView } from './rounds'

export interface SectionProgress {
  section: Section
  /** Items of the round routed to this section (not counting vanished ones). */
  total: number
  counts: Record<ItemStatus, number>
  overdue: number
  dueToday: number
  /** Items a newer confirmation export no longer lists (flagged, not counted above). */
  vanished: number
}

export interface KindErrorCount {
  kind: Kind
  errorType: ErrorType
  count: number
}

/** One class's confirmation: students with every (kind, term) of the round confirmed or reported. */
export interface ClassConfirmation {
  className: string
  /** Students of the class with at least one confirmation row in the round. */
  students: number
  /** Of those, students with at least one (kind, term) still 未確認. */
  unconfirmed: number
  /** (students − unconfirmed) / students, 0–1. */
  rate: number
}

/** Unconfirmed students right after one confirmation import of the round. */
export interface TrendPoint {
  batchId: number
  importedAt: string
  fileName: string
  unconfirmedStudents: number
}

/** A report item as the dashboard's "today" list shows it: enough to act on. */
export interface TodayItem {
  id: number
  studentId: number
  studentNo: string
  name: string
  className: string
  seat: string
  kind: Kind
  term: string
  section: Section
  errorType: ErrorType
  reason: string
  status: ItemStatus
  reportedAt: string | null
  /** Null once the item is decided (only new / checking items have a deadline). */
  deadline: string | null
  deadlineState: DeadlineState | null
  ageHours: number | null
  updatedAt: string
}

export interface TodayList {
  /** How many items the list has in all; `items` holds the first few, most urgent first. */
  total: number
  items: TodayItem[]
}

export interface DashboardTotals {
  rosterStudents: number
  /** Students with at least one confirmation row among the round's (kind, term) pairs. */
  students: number
  unconfirmedStudents: number
  reportedStudents: number
  items: number
}

export interface DashboardOverview {
  round: RoundView
  now: string
  phase: PhaseSpan
  schedule: PhaseSpan[]
  totals: DashboardTotals
  sections: SectionProgress[]
  byKindErrorType: KindErrorCount[]
  /** Lowest confirmation rate first: the classes to chase. */
  classes: ClassConfirmation[]
  trend: TrendPoint[]
  today: {
    overdue: TodayList
    dueToday: TodayList
    awaitingResubmit: TodayList
    disputed: TodayList
  }
}

export const TODAY_LIST_LIMIT = 30

export const dashboardCalls = {
  'dashboard.overview': call(
    z.object({
      /** Another (earlier) round; the current one when absent. */
      roundId: z.number().int().positive().optional(),
      /** Narrows the "today" lists to one section. */
      section: z.enum(SECTIONS).optional(),
    }),
  ).returns<DashboardOverview>(),
}
