import type { repliesCalls } from '../../shared/contract/replies'
import type { HandlersOf } from '../context'
import { ownerOf } from '../settings/store'
import { loadItems } from '../triage/targets'
import { replyFiller } from './fill'
import { replyTemplates, saveReplyTemplates } from './templates'

export const repliesHandlers: HandlersOf<typeof repliesCalls> = {
  'replies.templates': async (_input, { db }) => replyTemplates(db),
  'replies.saveTemplates': async ({ section, templates }, ctx) =>
    ctx.store.write(async (w) => {
      await w.begin()
      await saveReplyTemplates(w.db, section, templates)
      return replyTemplates(w.db)
    }),
  'replies.preview': async ({ itemIds, text }, ctx) => {
    const fill = await replyFiller(ctx.db, ownerOf(ctx), text)
    const items = await loadItems(ctx.db, itemIds)
    return itemIds.flatMap((id) => {
      const item = items.get(id)
      return item ? [{ itemId: id, studentName: item.student_name, text: fill(item) }] : []
    })
  },
}
