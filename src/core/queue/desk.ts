import type { ColleagueCount, SavedView } from '../../shared/contract/desk'
import { savedViewSchema } from '../../shared/contract/desk'
import type { CoreContext } from '../context'
import type { Db } from '../db/store'
import { ownKey, ownerOf } from '../settings/store'

// The queue's niceties (issue 12, item 5). The view is this PC's own (`pc/<pc>/queueView`, as
// the other per-PC settings): colleagues at other PCs keep theirs.

const VIEW = 'queueView'

/** The view this PC last used; null when none was kept or it no longer reads (a later version's filters). */
export async function savedView(db: Db, ctx: Pick<CoreContext, 'pc' | 'store'>): Promise<SavedView | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', ownKey(ownerOf(ctx).pc, VIEW)).executeTakeFirst()
  if (!row) return null
  const parsed = savedViewSchema.safeParse(JSON.parse(row.value))
  return parsed.success ? parsed.data : null
}

export async function saveView(ctx: CoreContext, view: SavedView): Promise<SavedView> {
  const key = ownKey(ownerOf(ctx).pc, VIEW)
  const value = JSON.stringify(view)
  await ctx.store.write(async (w) => {
    await w.begin()
    await w.db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute()
  }, { operator: null })
  return view
}

/**
 * Items each colleague changed today (Taipei day of `now`): every step not undone that changed
 * an item (notes alone do not), each item counted once per colleague. Most first.
 */
export async function colleaguesToday(db: Db, now: string): Promise<ColleagueCount[]> {
  const day = now.slice(0, 10)
  const rows = await db
    .selectFrom('change_steps as s')
    .innerJoin('change_step_items as i', 'i.step_id', 's.id')
    .select(['s.operator', (eb) => eb.fn.count<string>('i.item_id').distinct().as('items')])
    .where('s.undone_at', 'is', null)
    .where('s.at', '>=', `${day} 00:00:00`)
    .where('s.at', '<=', `${day} 23:59:59`)
    .whereRef('i.version_after', '!=', 'i.version_before')
    .groupBy('s.operator')
    .execute()
  return rows
    .map((r) => ({ operator: r.operator, items: Number(r.items) }))
    .sort((a, b) => b.items - a.items || a.operator.localeCompare(b.operator, 'zh-Hant'))
}
