import { sql } from 'kysely'
import { moveText, type AppSettings, type RoutingMove } from '../../shared/contract/settings'
import { KIND_LABELS, KINDS, SECTION_LABELS, type Kind, type Section } from '../../shared/domain'
import type { Db } from '../db/store'
import { AppError } from '../errors'
import { undoable, type Step } from '../triage/step'
import { getSettings, ownerOf, updateSettings } from './store'

// 設定 → 負責組別 says which section fixes each kind. The queue, 總覽 and the exports all go by
// each item's own section, so a change moves the kind's existing items too — in the same
// transaction as the setting, as one undoable step recorded in each item's history — and
// never only the items imported later.

type Routing = AppSettings['routing']

/** For each kind of `routing`, how many of its items are in another section than it names. */
export async function routingMoves(db: Db, routing: Partial<Routing>): Promise<RoutingMove[]> {
  const kinds = KINDS.filter((k) => routing[k])
  if (kinds.length === 0) return []
  const rows = await db
    .selectFrom('report_items')
    .select(['kind', sql<number>`count(*)`.as('n')])
    .where((eb) => eb.or(kinds.map((k) => eb.and([eb('kind', '=', k), eb('section', '!=', routing[k]!)]))))
    .groupBy('kind')
    .execute()
  return kinds
    .map((kind) => ({ kind, to: routing[kind]!, items: rows.find((r) => r.kind === kind)?.n ?? 0 }))
    .filter((m) => m.items > 0)
}

const total = (moves: RoutingMove[]) => moves.reduce((n, m) => n + m.items, 0)

/** Refuses moves the user has not confirmed, or confirmed at another count (an import came in meanwhile). */
export function checkConfirmed(moves: RoutingMove[], confirmedMoves: number | undefined): void {
  if (moves.length === 0 || confirmedMoves === total(moves)) return
  throw new AppError('routing-unconfirmed', confirmedMoves === undefined
    ? `變更負責組別會移動既有的回報項目：${moves.map(moveText).join('；')}。請確認後再儲存。`
    : `回報項目在確認後有變動：現在會${moves.map(moveText).join('；')}（確認時為 ${confirmedMoves} 筆）。請再確認一次；這次沒有變更任何資料。`)
}

export interface SettingsChange {
  patch: Partial<AppSettings> & { routing: Routing }
  confirmedMoves?: number
  /** The moves as counted before the step: they name it. */
  moves: RoutingMove[]
}

/**
 * Saves settings whose routing moves items: the settings and every move in one transaction,
 * one undoable step. The moves are counted again inside it; a count other than the one the
 * user confirmed (an import added items meanwhile) is refused, changing nothing.
 */
export const saveWithRouting = undoable<SettingsChange>(
  ({ moves }) => `負責組別：${moves.map((m) => `${KIND_LABELS[m.kind]}改由${SECTION_LABELS[m.to]}處理`).join('、')}`,
  async (step, { patch, confirmedMoves }, ctx) => {
    const moves = await routingMoves(step.trx, patch.routing)
    checkConfirmed(moves, confirmedMoves)
    const before = (await getSettings(step.trx, ownerOf(ctx))).routing
    await updateSettings(step.trx, ownerOf(ctx), patch)
    for (const move of moves) await moveItems(step, move.kind, move.to)
    await step.rememberSettings({ routing: Object.fromEntries(moves.map((m) => [m.kind, before[m.kind]])) })
  },
)

async function moveItems(step: Step, kind: Kind, to: Section) {
  const items = await step.trx.selectFrom('report_items').selectAll().where('kind', '=', kind).where('section', '!=', to).orderBy('id').execute()
  for (const item of items) await step.change(item, { section: to })
}

/** A kind whose items undo would not all put back: some came in under the new routing since. */
export async function itemsOutsideStep(db: Db, stepId: number, routing: Partial<Routing>) {
  const found: { kind: Kind; items: number }[] = []
  for (const kind of KINDS.filter((k) => routing[k])) {
    const row = await db
      .selectFrom('report_items')
      .select(sql<number>`count(*)`.as('n'))
      .where('kind', '=', kind)
      .where('section', '!=', routing[kind]!)
      .where('id', 'not in', db.selectFrom('change_step_items').select('item_id').where('step_id', '=', stepId))
      .executeTakeFirstOrThrow()
    if (row.n > 0) found.push({ kind, items: row.n })
  }
  return found
}
