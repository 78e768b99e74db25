import { Fragment, useState } from 'react'
import type { StudentItem } from '../../../shared/contract/students'
import { ERROR_TYPE_LABELS, KIND_LABELS, RESOLUTION_LABELS, type Kind } from '../../../shared/domain'
import { DeadlineBadge, formatAge } from '../../components/DeadlineBadge'
import { StatusBadge } from '../../components/StatusBadge'
import { useDateFormat } from '../../useDateFormat'
import { ItemActivity } from './ItemActivity'

const COLUMNS = 9

/**
 * The student's report items: what they reported, where it stands, what they were told.
 * Each opens (its first cell is a button, so Tab and Enter do it) onto its history and notes,
 * with a way down to the submitted records it is about.
 */
export function StudentItems({ items, onShowRecords }: {
  items: StudentItem[]
  onShowRecords: (kind: Kind, term: string) => void
}) {
  const { formatDate, formatDateTime } = useDateFormat()
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set())
  if (items.length === 0) return <p className="hint">這位學生沒有錯誤回報。</p>
  const toggle = (id: number) => setOpen((now) => {
    const next = new Set(now)
    if (!next.delete(id)) next.add(id)
    return next
  })
  return (
    <div className="items-scroll">
      <table className="grid student-items" aria-label="錯誤回報">
        <thead>
          <tr>
            <th>項目</th><th>錯誤類型</th><th>回報內容</th><th>回報時間</th><th>狀態</th><th>調查期限</th>
            <th>處理結果</th><th>答覆</th><th>最後更新</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const expanded = open.has(item.id)
            const muted = !item.inRound || item.vanishedAt
            return (
              <Fragment key={item.id}>
                <tr className={[muted && 'muted-row', expanded && 'expanded'].filter(Boolean).join(' ') || undefined}
                  data-item={item.id}>
                  <td className="nowrap">
                    <button type="button" className="item-toggle" aria-expanded={expanded} aria-controls={`item-activity-${item.id}`}
                      onClick={() => toggle(item.id)}>
                      <span className="chevron" aria-hidden="true">{expanded ? '▾' : '▸'}</span>
                      {KIND_LABELS[item.kind]} {item.term}
                    </button>
                    {!item.inRound && <span className="tag">其他梯次</span>}
                    {item.vanishedAt && <span className="tag" title={`${formatDateTime(item.vanishedAt)} 起不在匯出檔中`}>已自匯出檔消失</span>}
                    <div className="sub activity-count">{activityText(item)}</div>
                  </td>
                  <td className="nowrap">{ERROR_TYPE_LABELS[item.errorType]}</td>
                  <td className="wrap">{item.reason}</td>
                  <td className="nowrap">{formatDateTime(item.reportedAt) || '—'}
                    {item.ageHours !== null && <div className="sub">{formatAge(item.ageHours)}前</div>}</td>
                  <td><StatusBadge status={item.status} /></td>
                  <td><DeadlineBadge deadline={item.deadline} state={item.deadlineState} /></td>
                  <td className="wrap">
                    {item.resolution ? RESOLUTION_LABELS[item.resolution] : item.resubmittedAt ? `${formatDateTime(item.resubmittedAt)} 重新提交` : '—'}
                    {item.resolutionNote && <div className="sub">{item.resolutionNote}</div>}
                  </td>
                  <td className="wrap">{item.reply ?? '—'}</td>
                  <td className="nowrap" title={formatDateTime(item.updatedAt)}>{formatDate(item.updatedAt)}<div className="sub">{item.updatedBy ?? '（匯入）'}</div></td>
                </tr>
                {expanded && (
                  <tr className="item-activity-row">
                    <td colSpan={COLUMNS} id={`item-activity-${item.id}`}>
                      <ItemActivity item={item} onShowRecords={() => onShowRecords(item.kind, item.term)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/** '2 次變更・1 則備註', or that nobody has touched it yet. */
function activityText(item: StudentItem): string {
  const parts = [item.changes > 0 ? `${item.changes} 次變更` : '無變更紀錄', item.notes > 0 && `${item.notes} 則備註`]
  return parts.filter(Boolean).join('・')
}
