import type { Insertable } from 'kysely'
import type { ReportItemsTable } from '../../../src/core/db/schema'
import type { DecideInput } from '../../../src/shared/contract/triage'
import { makeReportItem } from '../../helpers/factories'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'

export const NOW = '2025-10-18 10:00'

/** A core at 2025-10-18 10:00 with an operator set (every change needs one). */
export async function triageCore(operatorName = '陳怡君'): Promise<TempCore & { clock: ReturnType<typeof fixedClock> }> {
  const clock = fixedClock(NOW)
  const t = await tempCore({ clock })
  await t.call('settings.update', { operatorName, section: 'registration' })
  return Object.assign(t, { clock })
}

export async function item(t: TempCore, values: Partial<Insertable<ReportItemsTable>> = {}) {
  return makeReportItem(t.core.ctx.db, values)
}

/** The item as the DB holds it now. */
export async function reload(t: TempCore, id: number) {
  return t.core.ctx.db.selectFrom('report_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

export async function historyOf(t: TempCore, id: number) {
  return t.core.ctx.db
    .selectFrom('item_history')
    .select(['field', 'old_value', 'new_value', 'operator', 'at', 'step_id'])
    .where('item_id', '=', id)
    .orderBy('id')
    .execute()
}

/** A call expected to be refused: resolves to its error code and message. */
export async function refused(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message }
  }
  throw new Error('the call was expected to be refused but succeeded')
}

export const decideOne = (t: TempCore, it: { id: number; version: number }, rest: Omit<DecideInput, 'target'>) =>
  t.call('triage.decide', { target: { items: [{ id: it.id, version: it.version }] }, ...rest })
