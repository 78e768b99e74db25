import { useState } from 'react'
import { undoText } from '../../../shared/contract/import'
import { FILE_KIND_LABELS } from '../../../shared/domain'
import { useCallMutation, useCallQuery } from '../../api'
import { Notice } from '../../components/Notice'
import { useDateFormat } from '../../useDateFormat'
import { formatCount } from './labels'
import { UndoImportConfirm } from './UndoImport'

/**
 * Every import so far, newest first: the record of what was loaded, when and by whom. On the
 * school's server the last one can be undone by whoever made it (a file has its backups instead).
 */
export function BatchList() {
  const batches = useCallQuery('import.batches', { limit: 50 })
  const undoable = useCallQuery('import.lastUndoable', {})
  const undo = useCallMutation('import.undoLast')
  const [asking, setAsking] = useState<number | null>(null)
  const { formatDateTime } = useDateFormat()
  const last = undoable.data?.mine ? undoable.data : null
  const confirming = last && last.batchId === asking ? last : null
  if (!batches.data?.length && !undo.data) return null
  return (
    <section className="panel wide" aria-label="匯入紀錄">
      <h2>匯入紀錄</h2>
      {undo.data && (
        <Notice tone="success">已復原「{undo.data.fileName}」的匯入：{undoText(undo.data.changes, undo.data.roundBack)}。</Notice>
      )}
      {undo.error && <Notice tone="error">{undo.error.message}</Notice>}
      {confirming && (
        <UndoImportConfirm view={confirming} pending={undo.isPending} onCancel={() => setAsking(null)}
          onConfirm={() => undo.mutate({ batchId: confirming.batchId }, { onSettled: () => setAsking(null) })} />
      )}
      <div className="table-scroll">
        <table className="grid batches">
          <thead>
            <tr>
              <th>匯入時間</th><th>檔案</th><th>類型</th><th>學期</th>
              <th className="num">新增</th><th className="num">更新</th><th className="num">未變更</th>
              <th className="num">消失</th><th className="num">略過</th><th>操作者</th>{last && <th />}
            </tr>
          </thead>
          <tbody>
            {batches.data?.map((b) => (
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
                {last && (
                  <td>
                    {b.id === last.batchId && (
                      <button onClick={() => { undo.reset(); setAsking(b.id) }} disabled={undo.isPending}>復原這次匯入</button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
