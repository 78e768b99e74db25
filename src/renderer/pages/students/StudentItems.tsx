import type { StudentItem } from '../../../shared/contract/students'
import { ERROR_TYPE_LABELS, KIND_LABELS, RESOLUTION_LABELS } from '../../../shared/domain'
import { DeadlineBadge, formatAge } from '../../components/DeadlineBadge'
import { StatusBadge } from '../../components/StatusBadge'
import { useDateFormat } from '../../useDateFormat'

/** The student's report items: what they reported, where it stands, what they were told. */
export function StudentItems({ items }: { items: StudentItem[] }) {
  const { formatDate, formatDateTime } = useDateFormat()
  if (items.length === 0) return <p className="hint">這位學生沒有錯誤回報。</p>
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
          {items.map((item) => (
            <tr key={item.id} className={item.inRound && !item.vanishedAt ? undefined : 'muted-row'} data-item={item.id}>
              <td className="nowrap">
                {KIND_LABELS[item.kind]} {item.term}
                {!item.inRound && <span className="tag">其他梯次</span>}
                {item.vanishedAt && <span className="tag" title={`${formatDateTime(item.vanishedAt)} 起不在匯出檔中`}>已自匯出檔消失</span>}
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
          ))}
        </tbody>
      </table>
    </div>
  )
}
