import type { AppSettings } from '../../shared/contract/settings'
import type { StepResult, StepSummary } from '../../shared/contract/triage'
import type { CoreContext } from '../context'
import type { ReportItem } from '../db/schema'
import type { Db } from '../db/store'
import { requireOperator, ownerOf } from '../settings/store'
import { nowStamp } from '../time'

/** The item fields a user action may change; each change is one item_history row. */
export const ITEM_FIELDS = {
  status: 'text',
  section: 'text',
  resolution: 'text',
  resolution_note: 'text',
  duplicate_of_id: 'integer',
  reply: 'text',
  resubmitted_at: 'text',
  resubmitted_by: 'text',
} as const
export type ItemField = keyof typeof ITEM_FIELDS
export type ItemPatch = Partial<Pick<ReportItem, ItemField>>

/** The settings a step changed, as they were: only the routing of some kinds so far. */
export type SettingsBefore = { routing: Partial<AppSettings['routing']> }

/** History stores every value as text (null stays null). */
export const historyText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value))

/** …and undo turns it back into the column's type. */
export function fieldValue(field: ItemField, text: string | null): string | number | null {
  if (text === null) return null
  return ITEM_FIELDS[field] === 'integer' ? Number(text) : text
}

/**
 * One user action in progress: every item it changes gets its history rows, a version bump
 * and a `change_step_items` row recording how it was before, all under one `change_steps`
 * row, inside the action's single transaction. The step row is written on the first real
 * change, so an action that changes nothing leaves no empty step to undo.
 */
export class Step {
  private stepId: number | null = null
  private readonly itemIds: number[] = []

  constructor(
    readonly trx: Db,
    readonly operator: string,
    readonly at: string,
    readonly label: string,
  ) {}

  /** Applies `patch` to `item` (as read in this transaction). False when nothing differed. */
  async change(item: ReportItem, patch: ItemPatch): Promise<boolean> {
    const fields = (Object.keys(patch) as ItemField[]).filter(
      (f) => historyText(patch[f]) !== historyText(item[f]),
    )
    if (fields.length === 0) return false
    const stepId = await this.ensureStep()
    await this.trx
      .insertInto('item_history')
      .values(fields.map((field) => ({
        item_id: item.id, step_id: stepId, at: this.at, operator: this.operator, field,
        old_value: historyText(item[field]), new_value: historyText(patch[field]),
      })))
      .execute()
    const changed = Object.fromEntries(fields.map((f) => [f, patch[f]]))
    const result = await this.trx
      .updateTable('report_items')
      .set({ ...changed, version: item.version + 1, updated_at: this.at, updated_by: this.operator })
      .where('id', '=', item.id)
      .where('version', '=', item.version)
      .executeTakeFirst()
    // Cannot happen: every write holds the DB's write lock (db/store.ts), on either backend; kept so that a gap fails loudly.
    if (Number(result.numUpdatedRows) !== 1) throw new Error(`report item ${item.id} changed during the step`)
    await this.remember(item, item.version + 1)
    return true
  }

  async note(item: ReportItem, body: string): Promise<void> {
    const stepId = await this.ensureStep()
    await this.trx
      .insertInto('notes')
      .values({ item_id: item.id, step_id: stepId, at: this.at, operator: this.operator, body })
      .execute()
    await this.remember(item, item.version)
  }

  /**
   * Keeps the settings this step changes, as they were before it, so that undo puts them back
   * with the items (a routing change moves items and changes 設定's 負責組別 together).
   */
  async rememberSettings(before: SettingsBefore): Promise<void> {
    const stepId = await this.ensureStep()
    await this.trx.updateTable('change_steps').set({ settings_before: JSON.stringify(before) }).where('id', '=', stepId).execute()
  }

  summary(): StepResult {
    const step: StepSummary | null = this.stepId === null
      ? null
      : { id: this.stepId, label: this.label, itemCount: this.itemIds.length, at: this.at, operator: this.operator }
    return { step, itemIds: [...this.itemIds] }
  }

  async finish(): Promise<StepResult> {
    if (this.stepId !== null) {
      await this.trx.updateTable('change_steps').set({ item_count: this.itemIds.length }).where('id', '=', this.stepId).execute()
    }
    return this.summary()
  }

  private async ensureStep(): Promise<number> {
    if (this.stepId === null) {
      const row = await this.trx
        .insertInto('change_steps')
        .values({ at: this.at, operator: this.operator, label: this.label, item_count: 0, undone_at: null })
        .returning('id')
        .executeTakeFirstOrThrow()
      this.stepId = row.id
    }
    return this.stepId
  }

  /** The item as it was before this step; a second change in the same step keeps the first "before". */
  private async remember(item: ReportItem, versionAfter: number) {
    if (!this.itemIds.includes(item.id)) this.itemIds.push(item.id)
    await this.trx
      .insertInto('change_step_items')
      .values({
        step_id: this.stepId!, item_id: item.id, version_before: item.version, version_after: versionAfter,
        updated_at_before: item.updated_at, updated_by_before: item.updated_by,
      })
      .onConflict((oc) => oc.columns(['step_id', 'item_id']).doUpdateSet({ version_after: versionAfter }))
      .execute()
  }
}

/**
 * Wraps a user action once (as Actual Budget's `undoable`): the operator is required, the
 * action runs in one transaction as one step, and its result says what undo will undo.
 * Any error thrown inside rolls the whole action back — all or nothing.
 */
export function undoable<I>(
  label: (input: I) => string,
  apply: (step: Step, input: I, ctx: CoreContext) => Promise<void>,
): (input: I, ctx: CoreContext) => Promise<StepResult> {
  return async (input, ctx) => {
    const operator = await requireOperator(ctx.db, ownerOf(ctx))
    return ctx.store.write(async (w) => {
      await w.begin()
      const step = new Step(w.db, operator, nowStamp(ctx.clock), label(input))
      await apply(step, input, ctx)
      return step.finish()
    }, { operator })
  }
}
