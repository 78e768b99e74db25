import { z } from 'zod'
import {
  ITEM_STATUSES,
  RESOLUTIONS,
  type ErrorType,
  type ItemStatus,
  type Kind,
  type Resolution,
} from '../domain'
import { call } from './define'
import { queueFilterSchema, type QueueRow } from './queue'

// Deciding report items: one undoable step per user action, over one item or many.

const id = z.number().int().positive()

/**
 * Which items an action applies to: the rows the clerk picked (each with the version the
 * window read, so a stale window is refused), or "all N matching" a queue filter (resolved
 * by core, refused when the filter no longer matches the N the clerk saw, or when any of
 * them was changed after `seenAt`, the time core listed them: `QueuePage.now`).
 */
export const itemTargetSchema = z.union([
  z.object({ items: z.array(z.object({ id, version: z.number().int().positive() })).min(1).max(100_000) }),
  z.object({
    filter: queueFilterSchema,
    expectedCount: z.number().int().positive(),
    seenAt: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, '時間格式應為 YYYY-MM-DD HH:mm:ss'),
  }),
])
export type ItemTarget = z.input<typeof itemTargetSchema>

const timestamp = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/, '時間格式應為 YYYY-MM-DD HH:mm')

export const decideSchema = z.object({
  target: itemTargetSchema,
  to: z.enum(ITEM_STATUSES),
  /** Required when `to` is noChange. */
  resolution: z.enum(RESOLUTIONS).optional(),
  /** Required for resolution `other`. */
  resolutionNote: z.string().trim().max(500).optional(),
  /** Required for resolution `duplicate`: the item this one repeats. */
  duplicateOfId: id.optional(),
  /** For resubmitted: when it was re-uploaded; default now. */
  resubmittedAt: timestamp.optional(),
})
export type DecideInput = z.input<typeof decideSchema>

/** One step as the undo button describes it. */
export interface StepSummary {
  id: number
  label: string
  itemCount: number
  at: string
  operator: string
}

export interface StepResult {
  /** Null when nothing needed changing (e.g. the same reply again). */
  step: StepSummary | null
  /** The ids changed, in the order given. */
  itemIds: number[]
}

/** The workflow, as core enforces it (core/triage/transitions.ts). */
export interface WorkflowTransition {
  from: ItemStatus
  to: ItemStatus
  /** What the action is called, zh-TW. */
  label: string
  /** A step back (correcting a mistake) rather than progress. */
  back: boolean
  /** A phase hint shown with the action (core refuses the re-check outcome before re-check opens). */
  hint: string | null
}
export interface Workflow {
  transitions: WorkflowTransition[]
}

export interface HistoryEntry {
  id: number
  at: string
  operator: string
  field: string
  oldValue: string | null
  newValue: string | null
  stepLabel: string | null
}

export interface NoteEntry {
  id: number
  at: string
  operator: string
  body: string
}

export interface ItemDetail {
  item: QueueRow & {
    resolutionNote: string | null
    duplicateOfId: number | null
    reply: string | null
    resubmittedAt: string | null
    resubmittedBy: string | null
    ticketNo: string | null
    vanishedAt: string | null
  }
  /** The whole report: every error type of this student × kind × term, this item included. */
  report: { id: number; errorType: ErrorType; reason: string; status: ItemStatus; resolution: Resolution | null }[]
  /** Where this item may go next (from the transitions table). */
  next: WorkflowTransition[]
  history: HistoryEntry[]
  notes: NoteEntry[]
  /** For duplicate links: a short description of the item this one duplicates. */
  duplicateOf: { id: number; label: string } | null
  kind: Kind
}

/** The item fields history records, with their zh-TW names. */
export const ITEM_FIELD_LABELS: Record<string, string> = {
  status: '狀態',
  section: '負責組別',
  resolution: '免修正原因',
  resolution_note: '說明',
  duplicate_of_id: '重複於',
  reply: '答覆',
  resubmitted_at: '重新提交時間',
  resubmitted_by: '重新提交者',
}

export const triageCalls = {
  'triage.workflow': call(z.object({})).returns<Workflow>(),
  'triage.item': call(z.object({ id })).returns<ItemDetail>(),
  'triage.decide': call(decideSchema).returns<StepResult>(),
  /** The reply (答覆) the student is told; '' clears it. */
  'triage.reply': call(z.object({ target: itemTargetSchema, reply: z.string().trim().max(2000) })).returns<StepResult>(),
  'triage.note': call(
    z.object({ target: itemTargetSchema, body: z.string().trim().min(1, '備註不可空白').max(2000) }),
  ).returns<StepResult>(),
  /** The step `triage.undo` would undo (this operator's last), or null. */
  'triage.lastStep': call(z.object({})).returns<StepSummary | null>(),
  'triage.undo': call(z.object({})).returns<StepSummary>(),
}
