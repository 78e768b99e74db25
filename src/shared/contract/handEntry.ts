import { z } from 'zod'
import { CHANNELS, ERROR_TYPES, KINDS } from '../domain'
import { isTerm } from '../terms'
import { call } from './define'
import { typedTimestamp, type StepResult } from './triage'

// A report or dispute that reached the section at the counter or by phone, entered by hand as an
// item of its own (DESIGN.md §2). It is one undoable step; its result names the new item.

export const handEntrySchema = z.object({
  studentId: z.number().int().positive(),
  kind: z.enum(KINDS),
  term: z.string().refine(isTerm, '學期格式應如 1132'),
  errorType: z.enum(ERROR_TYPES),
  reason: z.string().trim().min(1, '請寫下學生回報的內容').max(1000),
  channel: z.enum(CHANNELS),
  /** When the student came or called; now when absent. */
  reportedAt: typedTimestamp.optional(),
})
export type HandEntryInput = z.input<typeof handEntrySchema>

export const handEntryCalls = {
  'triage.enterByHand': call(handEntrySchema).returns<StepResult>(),
}
