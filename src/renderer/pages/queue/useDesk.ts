import { useEffect, useRef, useState } from 'react'
import type { QueueFilter, QueueSort } from '../../../shared/contract/queue'
import { call } from '../../api'

/**
 * Keeps the clerk's filters and sort as this PC's saved view (queue.saveView), a moment after
 * they change — not the one the queue opened on. The search text is not kept.
 */
export function useSaveView(filter: QueueFilter, sort: QueueSort) {
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    const { search: _search, ...kept } = filter
    const timer = setTimeout(() => void call('queue.saveView', { filter: kept, sort }).catch(() => undefined), 300)
    return () => clearTimeout(timer)
  }, [filter, sort])
}

/**
 * `g` then digits: each digit moves the cursor at once to the item of the number typed so far
 * (g 1 → the 1st, then 2 → the 12th); any other key ends it. `typed` shows what is being typed.
 */
export function useGoto(total: number, setActive: (index: number) => void) {
  const [typed, setTyped] = useState<string | null>(null)
  const latest = useRef<string | null>(null)
  const set = (next: string | null) => {
    latest.current = next
    setTyped(next)
  }
  return {
    typed,
    start: () => set(''),
    /** A digit: true when it was part of a `g` number. */
    digit(d: number): boolean {
      if (latest.current === null) return false
      const next = `${latest.current}${d}`.replace(/^0+/, '')
      set(next)
      if (next && total > 0) setActive(Math.min(total, Number(next)) - 1)
      return true
    },
    end: () => latest.current !== null && set(null),
  }
}
