import { DEADLINE_STATE_COLORS, DEADLINE_STATE_LABELS, type DeadlineState } from '../../shared/domain'
import { formatMonthDayTime, useDateFormat } from '../useDateFormat'
import './DeadlineBadge.css'

/**
 * An item's investigation deadline in its SLA colour (calm / due today / overdue).
 * Decided items have no deadline left to meet and show a dash.
 */
export function DeadlineBadge({ deadline, state }: { deadline: string | null; state: DeadlineState | null }) {
  const { formatDateTime } = useDateFormat()
  if (!deadline || !state) return <span className="deadline-none">—</span>
  const { fill, ink } = DEADLINE_STATE_COLORS[state]
  return (
    <span className="deadline-badge" data-deadline={state} style={{ background: fill, color: ink, borderColor: ink }}
      title={`調查期限 ${formatDateTime(deadline)}`}>
      {DEADLINE_STATE_LABELS[state]} {formatMonthDayTime(deadline)}
    </span>
  )
}

/** An item's age: hours on the first day, then days. */
export function formatAge(hours: number | null): string {
  if (hours === null) return '—'
  return hours < 24 ? `${hours} 小時` : `${Math.floor(hours / 24)} 天`
}
