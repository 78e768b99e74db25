import { keepPreviousData } from '@tanstack/react-query'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { SavedView } from '../../../shared/contract/desk'
import { queueFilterSchema, type Facet, type QueueFilter, type QueueSort } from '../../../shared/contract/queue'
import type { ItemStatus, Section } from '../../../shared/domain'
import { call, useCallQuery } from '../../api'
import { NO_SELECTION, selectRange, toggleRow, type Selection } from './selection'
import { useQueueRows } from './useQueueRows'

export const DEFAULT_SORT: QueueSort = { column: 'age', direction: 'desc' }

/**
 * The queue opens on the view last used on this PC (queue.savedView), else on the operator's own
 * section (設定), or on every section when none is set.
 */
export const initialFilter = (section: Section | null, saved: SavedView | null = null): QueueFilter =>
  queueFilterSchema.parse(saved ? saved.filter : { section: section ? [section] : [] })

/**
 * Where the clerk is: the filter, the sort, the active row (by position, so that when a
 * decided item leaves the filter the next one takes its place), the selection, and the
 * rows and counts core returns for them.
 */
export function useQueueWorkspace(section: Section | null, saved: SavedView | null = null) {
  const [filter, setFilterState] = useState<QueueFilter>(() => initialFilter(section, saved))
  const [sort, setSortState] = useState<QueueSort>(saved?.sort ?? DEFAULT_SORT)
  const [active, setActiveState] = useState(0)
  const [selection, setSelectionState] = useState<Selection>(NO_SELECTION)
  // Keys arrive faster than React renders (auto-repeat): each press builds on the last one's
  // result, kept here synchronously, not on what the last render saw.
  // `placed`: how many times the cursor has been placed (by a key, a click, or core's answer).
  const latest = useRef({ active, selection, filter, sort, placed: 0 })
  /** The item the cursor stays on while another PC's change refreshes the list (see followActive). */
  const following = useRef<number | null>(null)
  const setActive = useCallback((next: number) => {
    following.current = null // the clerk (or her own decision) moved the cursor: that is where it is
    latest.current.active = next
    latest.current.placed += 1
    setActiveState(next)
  }, [])
  const setSelection = useCallback((next: Selection) => {
    latest.current.selection = next
    setSelectionState(next)
  }, [])
  const [range, setRangeState] = useState({ start: 0, end: 40 })

  const rows = useQueueRows(filter, sort, range, active)
  const facets = useCallQuery('queue.facets', { filter }, { placeholderData: keepPreviousData })
  const total = rows.total ?? 0
  const activeRow = rows.rowAt(active)
  // Items left the list (decided out of the filter, or someone else's work): stay on the last.
  useEffect(() => {
    if (rows.total !== null && rows.total > 0 && active >= rows.total) setActive(rows.total - 1)
  }, [rows.total, active, setActive])
  // Another PC's change moved the item the cursor was on (an item above it left the list or came
  // into it): the cursor goes with it. Had it left the list itself, the next one takes its place.
  useEffect(() => {
    const id = following.current
    if (id === null || rows.rowAt(latest.current.active)?.id === id) return
    const moved = rows.rows.find((r) => r.id === id)
    if (moved) setActive(moved.index)
  }, [rows, setActive])
  /** Another PC changed something: keep the cursor on its item while the list refreshes. */
  const followActive = () => {
    following.current = rows.rowAt(latest.current.active)?.id ?? null
  }
  /** This window acts itself: its own steps place the cursor. */
  const stopFollowing = () => {
    following.current = null
  }

  const restart = () => {
    selectAllWanted.current = false
    setActive(0)
    setSelection(NO_SELECTION)
    setRangeState({ start: 0, end: 40 })
  }
  const setFilter = (next: QueueFilter) => {
    latest.current.filter = next
    setFilterState(next)
    restart()
  }
  const setSort = (next: QueueSort) => {
    latest.current.sort = next
    setSortState(next)
    restart()
  }
  const toggleFacet = (facet: Facet, value: string) => {
    const values = filter[facet] as string[]
    setFilter({ ...filter, [facet]: values.includes(value) ? values.filter((v) => v !== value) : [...values, value] })
  }
  const setStatuses = (statuses: ItemStatus[]) => setFilter({ ...filter, status: statuses })
  const clearFilter = () => setFilter(queueFilterSchema.parse({}))
  const setSearch = (search: string) => {
    if (search !== filter.search) setFilter({ ...filter, search })
  }

  const setRange = useCallback((next: { start: number; end: number }) => {
    setRangeState((r) => (r.start === next.start && r.end === next.end ? r : next))
  }, [])

  /** The rows from..until (inclusive), asking core for any not loaded yet. */
  const rowsBetween = async (from: number, until: number) => {
    const [a, b] = from <= until ? [from, until] : [until, from]
    const loaded = Array.from({ length: b - a + 1 }, (_, i) => rows.rowAt(a + i))
    if (loaded.every(Boolean)) return loaded.map((r) => r!)
    const page = await call('queue.list', { filter, sort, offset: a, limit: Math.min(5000, b - a + 1) })
    return page.rows.map((r, i) => ({ ...r, index: a + i }))
  }

  /** Extends the range from its anchor (or from where the cursor was) to `to`. */
  const extendTo = async (from: number, to: number) => {
    const current = latest.current.selection
    const anchor = current.mode === 'rows' && current.anchor !== null ? current.anchor : from
    const between = await rowsBetween(anchor, to)
    setSelection(selectRange(latest.current.selection, between, anchor, to))
  }

  const move = async (by: 1 | -1, extend: boolean) => {
    if (total === 0) return
    const from = latest.current.active
    const next = Math.min(total - 1, Math.max(0, from + by))
    setActive(next)
    if (extend) await extendTo(from, next)
  }

  const click = async (index: number, how: { shift: boolean; toggle: boolean }) => {
    const row = rows.rowAt(index)
    const from = latest.current.active
    setActive(index)
    const current = latest.current.selection
    if (how.shift) await extendTo(from, index)
    else if (how.toggle && row) setSelection(toggleRow(current, row))
    else if (current.mode === 'all' || current.items.size > 0) setSelection(NO_SELECTION)
  }

  const toggleActive = () => {
    const row = rows.rowAt(latest.current.active)
    if (row) setSelection(toggleRow(latest.current.selection, row))
  }
  // Ctrl+A pressed just after a view or filter change, before its list has arrived: selects
  // that list's items once it is here, never the list on screen a moment before.
  const selectAllWanted = useRef(false)
  const listIsCurrent = latest.current.filter === filter && rows.total !== null
  const selectAll = () => {
    if (!listIsCurrent) {
      selectAllWanted.current = true
      return
    }
    selectAllWanted.current = false
    setSelection({ mode: 'all', count: rows.total ?? 0, filter, seenAt: rows.now ?? '' })
  }
  useEffect(() => {
    if (selectAllWanted.current && listIsCurrent) selectAll()
  })
  const clearSelection = useCallback(() => setSelection(NO_SELECTION), [setSelection])

  return {
    filter, sort, active, selection, rows, facets: facets.data, facetsError: facets.error, total, activeRow,
    setFilter, setSort, toggleFacet, setStatuses, clearFilter, setSearch, setRange, setActive,
    move, click, toggleActive, selectAll, clearSelection, followActive, stopFollowing,
    /** Where the cursor and selection are, and which list, right now (newer than this render, while keys arrive). */
    now: () => latest.current,
  }
}

export type QueueWorkspace = ReturnType<typeof useQueueWorkspace>
