import type { QueueFilter } from '../../../shared/contract/queue'
import type { ItemTarget } from '../../../shared/contract/triage'
import type { ItemStatus } from '../../../shared/domain'
import type { IndexedRow } from './useQueueRows'

// What the clerk has picked. A plain click only moves the active row (actions then apply to
// it); ctrl-click toggles rows in the selection, shift-click selects a range, and "all N
// matching" selects by the filter — resolved by core, not from the rows loaded here.

export interface Picked {
  id: number
  version: number
  status: ItemStatus
  index: number
}

export type Selection =
  | {
      mode: 'rows'
      items: ReadonlyMap<number, Picked>
      /** Where a shift-range starts. */
      anchor: number | null
      /** What was picked before the current range (with ctrl): a range is base ∪ anchor..to. */
      base: ReadonlyMap<number, Picked>
    }
  | { mode: 'all'; count: number; filter: QueueFilter; /** When core listed them (QueuePage.now). */ seenAt: string }

export const NO_SELECTION: Selection = { mode: 'rows', items: new Map(), anchor: null, base: new Map() }

const picked = (row: IndexedRow): Picked => ({ id: row.id, version: row.version, status: row.status, index: row.index })

export function selectionSize(selection: Selection): number {
  return selection.mode === 'all' ? selection.count : selection.items.size
}

export function isSelected(selection: Selection, row: IndexedRow): boolean {
  return selection.mode === 'all' || selection.items.has(row.id)
}

export function toggleRow(selection: Selection, row: IndexedRow): Selection {
  const items = new Map(selection.mode === 'rows' ? selection.items : [])
  if (items.has(row.id)) items.delete(row.id)
  else items.set(row.id, picked(row))
  return { mode: 'rows', items, anchor: row.index, base: items }
}

/**
 * The rows between the anchor and `to` (both included) on top of what was picked with ctrl
 * before: moving the end back shrinks the range again, as in any file list.
 */
export function selectRange(selection: Selection, rows: IndexedRow[], anchor: number, to: number): Selection {
  const [from, until] = anchor <= to ? [anchor, to] : [to, anchor]
  const base = selection.mode === 'rows' ? selection.base : new Map<number, Picked>()
  const items = new Map(base)
  for (const row of rows) if (row.index >= from && row.index <= until) items.set(row.id, picked(row))
  return { mode: 'rows', items, anchor, base }
}

/**
 * The target of an action: the selection, or else the active row. Each picked row carries
 * the version shown on screen (a newer one when the row has been refreshed since it was
 * picked), so that core refuses a change based on what nobody is looking at any more.
 */
export function targetOf(selection: Selection, active: IndexedRow | undefined, rowAt: (i: number) => IndexedRow | undefined): ItemTarget | null {
  if (selection.mode === 'all') return selection.count > 0 ? { filter: selection.filter, expectedCount: selection.count, seenAt: selection.seenAt } : null
  if (selection.items.size > 0) {
    return {
      items: [...selection.items.values()].map((p) => {
        const shown = rowAt(p.index)
        return { id: p.id, version: shown?.id === p.id ? shown.version : p.version }
      }),
    }
  }
  return active ? { items: [{ id: active.id, version: active.version }] } : null
}

/** The statuses the target holds (for "all matching": the status facet's non-zero values). */
export function statusesOf(selection: Selection, active: IndexedRow | undefined, statusCounts: { value: string; count: number }[]): Set<ItemStatus> {
  if (selection.mode === 'all') {
    const wanted = selection.filter.status as string[]
    return new Set(
      statusCounts.filter((s) => s.count > 0 && (wanted.length === 0 || wanted.includes(s.value))).map((s) => s.value as ItemStatus),
    )
  }
  if (selection.items.size > 0) return new Set([...selection.items.values()].map((p) => p.status))
  return new Set(active ? [active.status] : [])
}
