import type { ReactTable } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, type MouseEvent, type RefObject } from 'react'
import type { features } from './columns'
import { isSelected, type Selection } from './selection'
import type { IndexedRow } from './useQueueRows'

export type RowClick = (index: number, how: { shift: boolean; toggle: boolean }) => void

/** Fixed, so that a row's place is index × height and the scrollbar stands for the whole queue. */
export const ROW_HEIGHT = 30

interface Props {
  table: ReactTable<typeof features, IndexedRow, unknown>
  total: number
  active: number
  selection: Selection
  scrollRef: RefObject<HTMLDivElement | null>
  onRowClick: RowClick
  onRangeChange(range: { start: number; end: number }): void
}

/**
 * The virtualized body: it renders only the rows in view (plus overscan), each placed with
 * translateY, for a queue of any length. Rows not loaded yet show as quiet placeholders
 * until their page arrives; the range in view is reported up so those pages are fetched.
 */
export function QueueBody({ table, total, active, selection, scrollRef, onRowClick, onRangeChange }: Props) {
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items.at(-1)?.index ?? 0

  useEffect(() => onRangeChange({ start: first, end: last }), [first, last, onRangeChange])
  useEffect(() => {
    if (active >= 0 && active < total) virtualizer.scrollToIndex(active, { align: 'auto' })
  }, [active, total, virtualizer])

  const rows = table.getRowModel().rows
  const byIndex = useMemo(() => new Map(rows.map((r) => [r.original.index, r])), [rows])
  const span = table.getVisibleLeafColumns().length

  const click = (index: number) => (event: MouseEvent) => {
    if (event.shiftKey) event.preventDefault() // no text selection on shift-click
    onRowClick(index, { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey })
  }

  return (
    <tbody className="queue-body" style={{ height: virtualizer.getTotalSize() }}>
      {items.map((item) => {
        const row = byIndex.get(item.index)
        const style = { transform: `translateY(${item.start}px)` }
        if (!row) {
          return (
            <tr key={`placeholder-${item.index}`} className="queue-row placeholder" style={style} aria-busy="true">
              <td colSpan={span}>…</td>
            </tr>
          )
        }
        const selected = isSelected(selection, row.original)
        const classes = ['queue-row', selected && 'selected', item.index === active && 'active'].filter(Boolean).join(' ')
        return (
          <tr key={row.id} id={`queue-row-${item.index}`} data-index={item.index} data-item-id={row.original.id}
            className={classes} style={style} aria-selected={selected} aria-rowindex={item.index + 2}
            onMouseDown={click(item.index)}>
            {row.getVisibleCells().map((cell) => (
              <td key={cell.id} data-column={cell.column.id}>
                <table.FlexRender cell={cell} />
              </td>
            ))}
          </tr>
        )
      })}
    </tbody>
  )
}
