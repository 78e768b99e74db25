import { useQueries } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { QueueFilterInput, QueueRow, QueueSort } from '../../../shared/contract/queue'
import { call } from '../../api'

/** Rows come from core a page at a time, by offset; only the pages near the view are asked for. */
export const PAGE_SIZE = 100

export interface IndexedRow extends QueueRow {
  /** Position in the whole filtered, sorted queue. */
  index: number
}

export interface QueueRows {
  /** Every item matching the filter; null until the first page arrives. */
  total: number | null
  /** The loaded rows around the view, in order. */
  rows: IndexedRow[]
  rowAt(index: number): IndexedRow | undefined
  /** Core's clock at the last page, for "age" and the default resubmission time. */
  now: string | null
  error: Error | null
}

const EMPTY: IndexedRow[] = []

/**
 * The pages covering `range` (the rows the table body shows, overscan included) and the
 * page holding the active row. React Query caches each page by filter, sort and offset, and
 * every change refreshes them (api.ts), so a decision shows at once where it belongs.
 */
export function useQueueRows(filter: QueueFilterInput, sort: QueueSort, range: { start: number; end: number }, active: number): QueueRows {
  const pages = new Set<number>()
  for (let p = Math.floor(range.start / PAGE_SIZE); p <= Math.floor(Math.max(range.start, range.end) / PAGE_SIZE); p++) pages.add(p)
  pages.add(Math.floor(Math.max(0, active) / PAGE_SIZE))
  const wanted = [...pages].sort((a, b) => a - b)

  const results = useQueries({
    queries: wanted.map((p) => {
      const input = { filter, sort, offset: p * PAGE_SIZE, limit: PAGE_SIZE }
      return { queryKey: ['queue.list', input], queryFn: () => call('queue.list', input) }
    }),
  })

  const stamp = results.map((r) => `${r.dataUpdatedAt}/${r.errorUpdatedAt}`).join(',')
  return useMemo(() => {
    const rows: IndexedRow[] = []
    let total: number | null = null
    let now: string | null = null
    let error: Error | null = null
    results.forEach((r) => {
      if (r.error) error = r.error as Error
      if (!r.data) return
      total = r.data.total
      now = r.data.now
      r.data.rows.forEach((row, i) => rows.push({ ...row, index: r.data.offset + i }))
    })
    const byIndex = new Map(rows.map((r) => [r.index, r]))
    return { total, rows: rows.length ? rows : EMPTY, rowAt: (i: number) => byIndex.get(i), now, error }
    // `results` is a new array every render; the data stamps say when it really changed.
  }, [stamp, wanted.join(',')])
}
