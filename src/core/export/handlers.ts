import { WORKBOOK_LABELS, type exportCalls } from '../../shared/contract/export'
import type { HandlersOf } from '../context'
import { getCurrentRound } from '../rounds/store'
import { getSettings, ownerOf } from '../settings/store'
import { nowStamp } from '../time'
import { suggestedFileName } from './scope'
import { checkTarget } from './target'
import { writeWorkbook } from './write'

export const exportHandlers: HandlersOf<typeof exportCalls> = {
  'export.run': async (options, ctx) => {
    const settings = await getSettings(ctx.db, ownerOf(ctx))
    const style = options.dateStyle ?? settings.dateStyle
    const suggested = suggestedFileName(options, options.section, nowStamp(ctx.clock), style)
    const picked = await ctx.host.pickSavePath(suggested)
    if (!picked) return { state: 'cancelled' }
    const path = /\.xlsx$/i.test(picked) ? picked : `${picked}.xlsx`
    // Refuse an open or read-only file now, while the user is still looking at the dialog's result.
    await checkTarget(path)
    const jobId = ctx.jobs.start(`匯出「${WORKBOOK_LABELS[options.workbook].title}」`, (report) =>
      writeWorkbook(ctx, options, path, report),
    )
    return { state: 'started', jobId, path }
  },

  'export.overview': async (_input, { db }) => {
    const count = async (table: 'students' | 'confirmations' | 'report_items') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    const round = await getCurrentRound(db)
    return {
      students: await count('students'),
      confirmations: await count('confirmations'),
      reportItems: await count('report_items'),
      roundName: round?.name ?? null,
    }
  },
}
