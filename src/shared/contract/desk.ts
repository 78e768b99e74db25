import { z } from 'zod'
import { call } from './define'
import { queueFilterSchema, queueSortSchema } from './queue'

// The queue's niceties (issue 12, item 5): the view each PC last used, and what each colleague
// changed today.

/** The filters and sort the clerk last used on this PC; the search text is not kept (it is a moment's question). */
export const savedViewSchema = z.object({
  filter: queueFilterSchema.omit({ search: true }),
  sort: queueSortSchema,
})
export type SavedView = z.output<typeof savedViewSchema>

/** How many items one colleague changed today (each item once, however often; undone steps not counted). */
export interface ColleagueCount {
  operator: string
  items: number
}

export const deskCalls = {
  'queue.savedView': call(z.object({})).returns<SavedView | null>(),
  'queue.saveView': call(savedViewSchema).returns<SavedView>(),
  'queue.colleaguesToday': call(z.object({})).returns<ColleagueCount[]>(),
}
