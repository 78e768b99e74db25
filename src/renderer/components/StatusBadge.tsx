import { ITEM_STATUS_COLORS, ITEM_STATUS_LABELS, type ItemStatus } from '../../shared/domain'

/** The status of a report item, always in its one colour. */
export function StatusBadge({ status }: { status: ItemStatus }) {
  const { fill, ink } = ITEM_STATUS_COLORS[status]
  return (
    <span className="status-badge" data-status={status} style={{ background: fill, color: ink, borderColor: ink }}>
      {ITEM_STATUS_LABELS[status]}
    </span>
  )
}
