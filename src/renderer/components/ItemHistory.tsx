import { ITEM_FIELD_LABELS, type HistoryEntry } from '../../shared/contract/triage'
import { ITEM_STATUS_LABELS, RESOLUTION_LABELS, SECTION_LABELS, type ItemStatus, type Resolution, type Section } from '../../shared/domain'
import { useDateFormat, type DateFormat } from '../useDateFormat'
import './ItemHistory.css'

/** A history value as the clerk reads it: statuses, reasons and sections by name, times in the chosen calendar. */
export function historyValue(field: string, value: string | null, dates: DateFormat): string {
  if (value === null || value === '') return '（空白）'
  if (field === 'status') return ITEM_STATUS_LABELS[value as ItemStatus] ?? value
  if (field === 'resolution') return RESOLUTION_LABELS[value as Resolution] ?? value
  if (field === 'section') return SECTION_LABELS[value as Section] ?? value
  if (field.endsWith('_at')) return dates.formatDateTime(value)
  if (field === 'duplicate_of_id') return `#${value}`
  return value
}

/**
 * Who changed what when, newest first: one entry per user action (step), each field as
 * old → new. Reusable wherever an item's history is shown.
 */
export function ItemHistory({ history }: { history: HistoryEntry[] }) {
  const dates = useDateFormat()
  if (history.length === 0) return <p className="hint">尚無變更紀錄。</p>
  const groups: HistoryEntry[][] = []
  for (const entry of history) {
    const last = groups.at(-1)?.[0]
    if (last && last.at === entry.at && last.operator === entry.operator && last.stepLabel === entry.stepLabel) groups.at(-1)!.push(entry)
    else groups.push([entry])
  }
  return (
    <ol className="item-history" aria-label="變更紀錄">
      {groups.map((group) => (
        <li key={group[0].id}>
          <div className="history-head">
            <span className="history-time">{dates.formatDateTime(group[0].at)}</span>
            <span className="history-who">{group[0].operator}</span>
            {group[0].stepLabel && <span className="history-step">{group[0].stepLabel}</span>}
          </div>
          <ul>
            {[...group].reverse().map((h) => (
              <li key={h.id}>
                {ITEM_FIELD_LABELS[h.field] ?? h.field}：<span className="old">{historyValue(h.field, h.oldValue, dates)}</span>
                {' → '}<span className="new">{historyValue(h.field, h.newValue, dates)}</span>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  )
}
