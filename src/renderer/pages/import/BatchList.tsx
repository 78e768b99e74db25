import { FILE_KIND_LABELS } from '../../../shared/domain'
import { useCallQuery } from '../../api'
import { useDateFormat } from '../../useDateFormat'
import { formatCount } from './labels'

/** Every import so far, newest first: the record of what was loaded, when and by whom. */
export function BatchList() {
  const batches = useCallQuery('import.batches', { limit: 50 })
  const { formatDateTime } = useDateFormat()
  if (!batches.data?.length) return null
  return (
    <section className="panel wide" aria-label="匯入紀錄">
      <h2>匯入紀錄</h2>
      <div className="table-scroll">
        <table className="grid batches">
          <thead>
            <tr>
              <th>匯入時間</th><th>檔案</th><th>類型</th><th>學期</th>
              <th className="num">新增</th><th className="num">更新</th><th className="num">未變更</th>
              <th className="num">消失</th><th className="num">略過</th><th>操作者</th>
            </tr>
          </thead>
          <tbody>
            {batches.data.map((b) => (
              <tr key={b.id}>
                <td>{formatDateTime(b.importedAt)}</td>
                <td>{b.fileName}</td>
                <td>{FILE_KIND_LABELS[b.fileKind]}</td>
                <td>{b.term?.split(',').join('、') ?? '—'}</td>
                <td className="num">{formatCount(b.added)}</td>
                <td className="num">{formatCount(b.updated)}</td>
                <td className="num">{formatCount(b.unchanged)}</td>
                <td className="num">{formatCount(b.vanished)}</td>
                <td className="num">{formatCount(b.skipped)}</td>
                <td>{b.operator}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
