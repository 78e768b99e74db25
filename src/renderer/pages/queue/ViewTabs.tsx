import { QUEUE_VIEWS, type QueueFacets, type QueueFilter } from '../../../shared/contract/queue'
import type { ItemStatus } from '../../../shared/domain'

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x))

/** The saved views: the piles of the week, each a set of statuses, each with its count. */
export function ViewTabs({ facets, filter, onView }: {
  facets: QueueFacets | undefined
  filter: QueueFilter
  onView(statuses: ItemStatus[]): void
}) {
  const all = facets?.facets.status.reduce((n, s) => n + s.count, 0)
  return (
    <nav className="view-tabs" aria-label="常用檢視">
      <button type="button" className="view-tab" aria-pressed={filter.status.length === 0} onClick={() => onView([])}>
        全部 <span className="view-count">{all?.toLocaleString() ?? '…'}</span>
      </button>
      {QUEUE_VIEWS.map((view) => {
        const count = facets?.views.find((v) => v.id === view.id)?.count
        return (
          <button key={view.id} type="button" className="view-tab" data-testid={`view-${view.id}`}
            aria-pressed={sameSet(filter.status, view.statuses)} onClick={() => onView([...view.statuses])}>
            {view.label} <span className="view-count">{count?.toLocaleString() ?? '…'}</span>
          </button>
        )
      })}
    </nav>
  )
}
