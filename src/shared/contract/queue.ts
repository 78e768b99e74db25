import { z } from 'zod'
import {
  DEADLINE_STATES,
  type Channel,
  ERROR_TYPES,
  ITEM_STATUSES,
  KINDS,
  SECTIONS,
  type DeadlineState,
  type ErrorType,
  type ItemStatus,
  type Kind,
  type Resolution,
  type Section,
} from '../domain'
import { HINT_STATES, type HintState } from '../hints'
import { call } from './define'

// The queue (回報處理): one row per report item, filtered, sorted and paged by core.

/** The columns the queue shows and can sort by. */
export const QUEUE_COLUMNS = [
  'studentName',
  'className',
  'seat',
  'studentNo',
  'kind',
  'term',
  'errorType',
  'reason',
  'status',
  'deadline',
  'age',
  'lastChange',
] as const
export type QueueColumn = (typeof QUEUE_COLUMNS)[number]
export const QUEUE_COLUMN_LABELS: Record<QueueColumn, string> = {
  studentName: '姓名',
  className: '班級',
  seat: '座號',
  studentNo: '學號',
  kind: '類別',
  term: '學期',
  errorType: '錯誤類型',
  reason: '回報原因',
  status: '狀態',
  deadline: '調查期限',
  age: '回報至今',
  lastChange: '最後變更',
}

/** The facets of the filter panel; each is a multi-select, empty = no restriction. */
export const FACETS = ['section', 'kind', 'term', 'errorType', 'className', 'status', 'deadline', 'changed', 'vanished', 'hint'] as const
export type Facet = (typeof FACETS)[number]
export const FACET_LABELS: Record<Facet, string> = {
  section: '處室組別',
  kind: '類別',
  term: '學期',
  errorType: '錯誤類型',
  className: '班級',
  status: '狀態',
  deadline: '調查期限（待處理）',
  changed: '上次匯入後新增或變更',
  vanished: '已自最新名單消失',
  hint: '提示',
}
export const YES_NO = ['yes', 'no'] as const
export type YesNo = (typeof YES_NO)[number]

const many = <T extends z.ZodType>(value: T, max = 50) => z.array(value).max(max).default([])

export const queueFilterSchema = z.object({
  section: many(z.enum(SECTIONS)),
  kind: many(z.enum(KINDS)),
  term: many(z.string().regex(/^\d{3,4}$/, '學期格式應如 1132')),
  errorType: many(z.enum(ERROR_TYPES)),
  className: many(z.string().trim().min(1).max(20), 300),
  status: many(z.enum(ITEM_STATUSES)),
  /** Items awaiting investigation (new, checking) of the current round, by their deadline's state. */
  deadline: many(z.enum(DEADLINE_STATES)),
  changed: many(z.enum(YES_NO)),
  vanished: many(z.enum(YES_NO)),
  /** What the records say about what the reason names (core/hints). */
  hint: many(z.enum(HINT_STATES)),
  /** Over student name, student number and reason. */
  search: z.string().trim().max(100).default(''),
})
export type QueueFilter = z.output<typeof queueFilterSchema>
export type QueueFilterInput = z.input<typeof queueFilterSchema>

export const SORT_DIRECTIONS = ['asc', 'desc'] as const
export const queueSortSchema = z
  .object({ column: z.enum(QUEUE_COLUMNS), direction: z.enum(SORT_DIRECTIONS) })
  // Oldest report first: the one closest to its deadline.
  .default({ column: 'age', direction: 'desc' })
export type QueueSort = z.output<typeof queueSortSchema>

/** The piles a clerk works through, each a set of statuses. */
export const QUEUE_VIEWS = [
  { id: 'pending', label: '待處理', statuses: ['new', 'checking'] },
  { id: 'toResubmit', label: '已修正待重新提交', statuses: ['corrected'] },
  { id: 'rechecking', label: '複查中', statuses: ['resubmitted'] },
  { id: 'disputed', label: '仍有疑義', statuses: ['disputed'] },
] as const satisfies readonly { id: string; label: string; statuses: readonly ItemStatus[] }[]
export type QueueViewId = (typeof QUEUE_VIEWS)[number]['id']

export const MAX_PAGE = 5000

export interface QueueRow {
  id: number
  version: number
  studentId: number
  studentName: string
  className: string
  seat: string
  studentNo: string
  kind: Kind
  term: string
  section: Section
  errorType: ErrorType
  reason: string
  status: ItemStatus
  resolution: Resolution | null
  reportedAt: string | null
  updatedAt: string
  updatedBy: string | null
  vanished: boolean
  changedSinceImport: boolean
  /** The investigation deadline, while the item awaits investigation in the current round. */
  deadline: string | null
  deadlineState: DeadlineState | null
  /** What the records say about what the reason names: 資料中已有體育（69 分，及格）; null when nothing (or not yet worked out). */
  hint: string | null
  hintState: HintState | null
  /** How an item entered by hand reached the section; null for an imported one. */
  channel: Channel | null
}

export interface QueuePage {
  rows: QueueRow[]
  /** How many items match the filter in all. */
  total: number
  offset: number
  /** Core's clock, for "age since report". */
  now: string
}

export interface FacetCount {
  value: string
  count: number
}

export interface QueueFacets {
  total: number
  /** Each facet counted with every OTHER filter applied. */
  facets: Record<Facet, FacetCount[]>
  views: { id: QueueViewId; label: string; count: number }[]
  /** When the last sitting of confirmation imports (files minutes apart) began; null before the first import. */
  latestImportAt: string | null
  /** Whether the DB holds any report item at all, whatever the filter (for the empty state). */
  anyItems: boolean
}

export const queueCalls = {
  'queue.list': call(
    z.object({
      filter: queueFilterSchema.default(queueFilterSchema.parse({})),
      sort: queueSortSchema,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(MAX_PAGE).default(100),
    }),
  ).returns<QueuePage>(),
  'queue.facets': call(z.object({ filter: queueFilterSchema.default(queueFilterSchema.parse({})) })).returns<QueueFacets>(),
}
