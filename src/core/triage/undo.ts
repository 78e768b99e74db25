import type { StepSummary } from '../../shared/contract/triage'
import { formatDateTime } from '../../shared/dates'
import { KIND_LABELS } from '../../shared/domain'
import type { CoreContext } from '../context'
import type { Database } from '../db/schema'
import type { Db } from '../db/store'
import { AppError } from '../errors'
import { itemsOutsideStep } from '../settings/routing'
import { getSettings, ownerOf, requireOperator, updateSettings } from '../settings/store'
import { nowStamp } from '../time'
import { fieldValue, ITEM_FIELDS, type ItemField, type ItemPatch, type SettingsBefore } from './step'
import { describeItem, loadItems } from './targets'

/**
 * Undo takes back the operator's own last step (each PC's clerk undoes their own work, never
 * a colleague's), and again the one before it. It puts back the fields the step changed and
 * the last-change stamp, deletes the step's history rows and notes, and marks the step undone.
 * The version moves forward (every write, undo included, changes it): a window still showing
 * the undone step is refused, and so is one that read the item before the step — otherwise,
 * after an undo and a different change, the item would be back at a version such a window
 * holds and its stale write would be accepted.
 *
 * A step can be undone while no later step (not itself undone) has changed its items; notes
 * alone do not count, as they do not change an item's version.
 */
export async function lastStep(db: Db, operator: string): Promise<StepSummary | null> {
  const step = await db
    .selectFrom('change_steps')
    .selectAll()
    .where('operator', '=', operator)
    .where('undone_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return step ? { id: step.id, label: step.label, itemCount: step.item_count, at: step.at, operator: step.operator } : null
}

export async function undoLastStep(ctx: CoreContext): Promise<StepSummary> {
  const operator = await requireOperator(ctx.db, ownerOf(ctx))
  return ctx.store.write(async (w) => {
    await w.begin()
    const trx = w.db
    const step = await lastStep(trx, operator)
    if (!step) throw new AppError('nothing-to-undo', '沒有可以復原的操作。')
    const touched = await trx.selectFrom('change_step_items').selectAll().where('step_id', '=', step.id).execute()
    const items = await loadItems(trx, touched.map((t) => t.item_id))

    const changedSince = await trx
      .selectFrom('change_step_items as later')
      .innerJoin('change_steps as s', 's.id', 'later.step_id')
      .select('later.item_id')
      .where('later.step_id', '>', step.id)
      .where('s.undone_at', 'is', null)
      .whereRef('later.version_after', '!=', 'later.version_before')
      .where('later.item_id', 'in', (eb) => eb.selectFrom('change_step_items').select('item_id').where('step_id', '=', step.id))
      .orderBy('later.step_id')
      .limit(1)
      .executeTakeFirst()
    if (changedSince) {
      const item = items.get(changedSince.item_id)!
      throw new AppError(
        'undo-conflict',
        `無法復原「${step.label}」：${describeItem(item)} 在那之後又被 ${item.updated_by ?? '其他人'} 於 ` +
          `${formatDateTime(item.updated_at)} 修改過。這次沒有變更任何資料。`,
      )
    }

    const settings = await settingsBefore(trx, step)

    const history = await trx
      .selectFrom('item_history')
      .select(['item_id', 'field', 'old_value'])
      .where('step_id', '=', step.id)
      .orderBy('id', 'desc')
      .execute()
    const restore = new Map<number, Partial<Record<ItemField, string | number | null>>>()
    for (const row of history) {
      if (!(row.field in ITEM_FIELDS)) continue
      const field = row.field as ItemField
      // Newest first, so the value from before the step's first change of a field wins.
      restore.set(row.item_id, { ...restore.get(row.item_id), [field]: fieldValue(field, row.old_value) })
    }

    for (const t of touched) {
      if (t.version_before === t.version_after) continue // only notes: the item itself did not change
      await trx
        .updateTable('report_items')
        // The DB's CHECK constraints guard the restored values; history holds only values they accepted.
        .set({
          ...(restore.get(t.item_id) as ItemPatch),
          version: items.get(t.item_id)!.version + 1,
          updated_at: t.updated_at_before,
          updated_by: t.updated_by_before,
        })
        .where('id', '=', t.item_id)
        .execute()
    }
    if (settings) await updateSettings(trx, ownerOf(ctx), { routing: { ...(await getSettings(trx, ownerOf(ctx))).routing, ...settings.routing } })
    await trx.deleteFrom('item_history').where('step_id', '=', step.id).execute()
    await trx.deleteFrom('notes').where('step_id', '=', step.id).execute()
    await trx.updateTable('change_steps').set({ undone_at: nowStamp(ctx.clock) }).where('id', '=', step.id).execute()
    return step
  }, { operator })
}

/**
 * The settings a step changed (a routing change in 設定), to be put back with its items —
 * refused when items of those kinds have come in under the new routing since (an import):
 * they would stay in the new section while the setting went back.
 */
async function settingsBefore(trx: Db, step: StepSummary): Promise<SettingsBefore | null> {
  const row = await trx.selectFrom('change_steps').select('settings_before').where('id', '=', step.id).executeTakeFirstOrThrow()
  if (!row.settings_before) return null
  const before = JSON.parse(row.settings_before) as SettingsBefore
  const since = await itemsOutsideStep(trx, step.id, before.routing)
  if (since.length > 0) {
    const { kind, items } = since[0]
    throw new AppError(
      'undo-conflict',
      `無法復原「${step.label}」：之後又有 ${items} 筆「${KIND_LABELS[kind]}」回報項目（例如其後匯入的）不在原本的組別。` +
        '請到「設定」直接把負責組別改回。這次沒有變更任何資料。',
    )
  }
  return before
}
