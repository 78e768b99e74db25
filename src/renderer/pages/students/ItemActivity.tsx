import type { StudentItem } from '../../../shared/contract/students'
import { KIND_LABELS } from '../../../shared/domain'
import { useCallQuery } from '../../api'
import { ItemHistory } from '../../components/ItemHistory'
import { Notice } from '../../components/Notice'
import { useDateFormat } from '../../useDateFormat'

/**
 * An opened report item on 學生查詢: who changed what when (the queue's history component,
 * from `triage.item`), the office's notes, and a jump to the records the report is about.
 */
export function ItemActivity({ item, onShowRecords }: { item: StudentItem; onShowRecords: () => void }) {
  const detail = useCallQuery('triage.item', { id: item.id })
  const { formatDateTime } = useDateFormat()
  const d = detail.data
  return (
    <div className="item-activity" aria-label={`${KIND_LABELS[item.kind]} ${item.term} 的處理紀錄`} role="region">
      {detail.error && <Notice tone="error">{detail.error.message}</Notice>}
      <section className="activity-history">
        <h3>變更紀錄</h3>
        {d ? <ItemHistory history={d.history} /> : <p className="hint">載入中…</p>}
      </section>
      <section className="activity-side">
        {d?.duplicateOf && <p className="activity-duplicate">重複於 #{d.duplicateOf.id} {d.duplicateOf.label}</p>}
        <h3>內部備註</h3>
        {d && d.notes.length === 0 && <p className="hint">沒有備註。</p>}
        {d && d.notes.length > 0 && (
          <ul className="activity-notes">
            {d.notes.map((n) => (
              <li key={n.id}><span className="sub">{formatDateTime(n.at)} {n.operator}</span> {n.body}</li>
            ))}
          </ul>
        )}
        <button type="button" className="show-records" onClick={onShowRecords}>
          查看已提交的{KIND_LABELS[item.kind]}（{item.term}）↓
        </button>
      </section>
    </div>
  )
}
