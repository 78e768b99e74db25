import { useTable, type SortingState, type Updater } from '@tanstack/react-table'
import { useMemo, useRef } from 'react'
import type { QueueColumn, QueueSort } from '../../../shared/contract/queue'
import { columns, features } from './columns'
import { QueueBody, type RowClick } from './QueueBody'
import type { Selection } from './selection'
import type { IndexedRow } from './useQueueRows'

interface Props {
  rows: IndexedRow[]
  total: number
  sort: QueueSort
  onSort(sort: QueueSort): void
  active: number
  selection: Selection
  /** The detail pane is open: the wide-only columns step aside. */
  compact: boolean
  now: string | null
  markChanged: boolean
  onRowClick: RowClick
  onRangeChange(range: { start: number; end: number }): void
}

/**
 * The queue as a TanStack table over the loaded rows only: core filters, sorts and pages
 * (manualSorting), the table gives the columns, cells and sort state, the body virtualizes.
 */
export function QueueTable(props: Props) {
  const { sort, onSort, compact } = props
  const sorting = useMemo<SortingState>(() => [{ id: sort.column, desc: sort.direction === 'desc' }], [sort])
  const columnVisibility = useMemo(
    () => Object.fromEntries(columns.map((c) => [c.id!, !(compact && c.meta?.wide)])),
    [compact],
  )
  const table = useTable({
    features,
    columns,
    data: props.rows,
    getRowId: (row) => String(row.id),
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting, columnVisibility },
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater
      const first = next[0]
      if (first) onSort({ column: first.id as QueueColumn, direction: first.desc ? 'desc' : 'asc' })
    },
    meta: { now: props.now, markChanged: props.markChanged },
  })
  const template = table
    .getVisibleLeafColumns()
    .map((c) => c.columnDef.meta?.width ?? '1fr')
    .join(' ')
  const scrollRef = useRef<HTMLDivElement>(null)

  return (
    <div className="queue-scroll" ref={scrollRef}>
      <table className="queue-table" role="grid" aria-label="回報清單" aria-rowcount={props.total}
        aria-multiselectable="true" style={{ ['--queue-template' as string]: template }}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="queue-row queue-head">
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted()
                return (
                  <th key={header.id} scope="col" aria-sort={sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : 'none'}>
                    <button type="button" className="sort-button" tabIndex={-1}
                      onClick={header.column.getToggleSortingHandler()}>
                      <table.FlexRender header={header} />
                      <span className="sort-mark" aria-hidden="true">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}</span>
                    </button>
                  </th>
                )
              })}
            </tr>
          ))}
        </thead>
        <QueueBody table={table} total={props.total} active={props.active} selection={props.selection}
          scrollRef={scrollRef} onRowClick={props.onRowClick} onRangeChange={props.onRangeChange} />
      </table>
    </div>
  )
}
