import type { QueueFilter } from '../../shared/contract/queue'
import { formatDateTime } from '../../shared/dates'
import { ERROR_TYPE_LABELS, KIND_LABELS } from '../../shared/domain'
import type { Database, ReportItem } from '../db/schema'
import type { Db } from '../db/store'
import { AppError } from '../errors'
import { queueEnv } from '../queue/env'
import { matchingItems } from '../queue/list'

/** A report item with what a message needs to name it. */
export interface TargetItem extends ReportItem {
  student_name: string
  class_name: string
  seat: string
}

export type ResolvedTarget =
  | { items: { id: number; version: number }[] }
  | { filter: QueueFilter; expectedCount: number; seenAt: string }

/** 「林小華（201 05號，修課紀錄 1132，資料有多）」 */
export function describeItem(item: Pick<TargetItem, 'student_name' | 'class_name' | 'seat' | 'kind' | 'term' | 'error_type'>) {
  return `${item.student_name}（${item.class_name} ${item.seat}號，${KIND_LABELS[item.kind]} ${item.term}，${ERROR_TYPE_LABELS[item.error_type]}）`
}

const CHUNK = 10_000

export async function loadItems(db: Db, ids: number[]): Promise<Map<number, TargetItem>> {
  const found = new Map<number, TargetItem>()
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('report_items as ri')
      .innerJoin('students as s', 's.id', 'ri.student_id')
      .selectAll('ri')
      .select(['s.name as student_name', 's.class_name', 's.seat'])
      .where('ri.id', 'in', ids.slice(i, i + CHUNK))
      .execute()
    for (const row of rows) found.set(row.id, row)
  }
  return found
}

/**
 * The items of "all N matching" written after `seenAt`, each with who wrote it and when: a
 * step stamps the item; an undo puts the stamp back, so it is found by its step's undo time.
 * (Stamps are to the second: a change within the second the list was read is not seen.)
 */
async function changedAfter(db: Db, items: TargetItem[], seenAt: string) {
  const undone = await db
    .selectFrom('change_step_items as csi')
    .innerJoin('change_steps as s', 's.id', 'csi.step_id')
    .select(['csi.item_id', 's.operator', 's.undone_at'])
    .where('s.undone_at', '>', seenAt)
    .whereRef('csi.version_after', '!=', 'csi.version_before')
    .orderBy('s.undone_at', 'desc')
    .execute()
  const undoneBy = new Map<number, { by: string; at: string }>()
  for (const u of undone) if (!undoneBy.has(u.item_id)) undoneBy.set(u.item_id, { by: u.operator, at: u.undone_at! })
  return items.flatMap((item) => {
    if (item.updated_at > seenAt) return [{ item, by: item.updated_by, at: item.updated_at }]
    const undo = undoneBy.get(item.id)
    return undo ? [{ item, ...undo }] : []
  })
}

/**
 * The items an action applies to, read inside its transaction. Refused — nothing changed —
 * when an item is gone, when the window read an older version of an item (someone changed it
 * since), or when "all N matching" no longer matches N or one of them was changed after the
 * window listed them. An action that changes nothing of the items (a note) passes
 * `{ anyVersion: true }`: it stands whatever changed since the window read them.
 */
export async function loadTargets(
  db: Db, target: ResolvedTarget, now: string, { anyVersion = false }: { anyVersion?: boolean } = {},
): Promise<TargetItem[]> {
  if ('filter' in target) {
    const matching = await matchingItems(db, target.filter, await queueEnv(db, now))
    if (matching.length !== target.expectedCount) {
      throw new AppError(
        'stale-selection',
        `符合目前篩選條件的回報已由 ${target.expectedCount} 筆變為 ${matching.length} 筆（可能有人同時在處理）。` +
          '請重新整理後確認再試；這次沒有變更任何資料。',
      )
    }
    const items = await loadItems(db, matching.map((m) => m.id))
    const targets = matching.map((m) => items.get(m.id)!)
    const changed = anyVersion ? [] : await changedAfter(db, targets, target.seenAt)
    if (changed.length > 0) {
      const { item, by, at } = changed[0]
      throw new AppError(
        'stale-selection',
        `符合目前篩選條件的 ${targets.length} 筆中，有 ${changed.length} 筆在清單顯示（${formatDateTime(target.seenAt)}）之後被修改過，` +
          `例如 ${describeItem(item)}已被 ${by ?? '其他人'} 於 ${formatDateTime(at)} 修改。` +
          '您畫面上的是舊資料，請重新整理後再試；這次沒有變更任何資料。',
        { itemIds: changed.map((c) => c.item.id) },
      )
    }
    return targets
  }
  const ids = [...new Set(target.items.map((i) => i.id))]
  const items = await loadItems(db, ids)
  const missing = ids.filter((id) => !items.has(id))
  if (missing.length > 0) {
    throw new AppError('item-not-found', `找不到回報項目（編號 ${missing.slice(0, 5).join('、')}）。請重新整理後再試；這次沒有變更任何資料。`)
  }
  const stale = anyVersion ? [] : target.items.filter((t) => items.get(t.id)!.version !== t.version)
  if (stale.length > 0) {
    const first = items.get(stale[0].id)!
    const by = first.updated_by ? `已被 ${first.updated_by} 於 ${formatDateTime(first.updated_at)} 修改過` : '已在其他地方被修改過'
    const more = stale.length > 1 ? `（另有 ${stale.length - 1} 筆也已變更）` : ''
    throw new AppError(
      'stale-version',
      `${describeItem(first)}${by}${more}，您畫面上的是舊資料。請重新整理後再試；這次沒有變更任何資料。`,
      { itemIds: stale.map((s) => s.id) },
    )
  }
  return ids.map((id) => items.get(id)!)
}
