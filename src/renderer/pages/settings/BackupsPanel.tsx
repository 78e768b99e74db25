import { useState } from 'react'
import type { BackupInfo } from '../../../shared/contract/backups'
import { useDateFormat } from '../../useDateFormat'
import { useCallMutation, useCallQuery } from '../../api'
import { Notice } from '../../components/Notice'

const sizeOf = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`)

/** The copies taken before each import; one can be restored, after saying yes twice. */
export function BackupsPanel() {
  const database = useCallQuery('database.status', {})
  if (database.data?.kind === 'server') {
    return (
      <section className="panel" aria-label="資料庫備份">
        <h2>資料庫備份</h2>
        <p className="hint">
          目前使用學校伺服器上的資料：伺服器由學校資訊組定期備份（pg_dump），要還原請洽資訊組；這裡不提供還原，以免一台電腦取代全校共用的資料。這台電腦自己的資料與備份仍留在這台電腦上，改回本機後可在這裡還原。
        </p>
      </section>
    )
  }
  return <FileBackups />
}

function FileBackups() {
  const backups = useCallQuery('backups.list', {}, { staleTime: 0 })
  const restore = useCallMutation('backups.restore')
  const [asking, setAsking] = useState<BackupInfo | null>(null)
  const { formatDateTime } = useDateFormat()
  const list = backups.data ?? []
  return (
    <section className="panel" aria-label="資料庫備份">
      <h2>資料庫備份</h2>
      <p className="hint">每次匯入會改變資料時，程式會先備份資料庫，保留最近 10 份。還原會以備份取代目前所有資料（還原前會再備份目前的資料）。</p>
      {restore.data && (
        <Notice tone="success">已還原「{restore.data.restored}」。還原前的資料已另存為「{restore.data.safetyBackup}」。</Notice>
      )}
      {restore.error && <Notice tone="error">{restore.error.message}</Notice>}
      {list.length === 0 ? (
        <p className="hint">目前沒有備份；第一次匯入後就會有。</p>
      ) : (
        <table className="grid">
          <thead>
            <tr><th>備份時間</th><th>原因</th><th>大小</th><th /></tr>
          </thead>
          <tbody>
            {list.map((b) => (
              <tr key={b.name}>
                <td>{b.takenAt ? formatDateTime(b.takenAt) : b.name}</td>
                <td>{b.reason ?? '—'}</td>
                <td>{sizeOf(b.sizeBytes)}</td>
                <td>
                  {b.newerVersion ? (
                    <span className="hint">較新版本建立，無法還原</span>
                  ) : (
                    <button onClick={() => { restore.reset(); setAsking(b) }} disabled={restore.isPending}>還原…</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {asking && (
        <div className="notice notice-warning" role="alertdialog" aria-label="確認還原">
          <p>確定要把所有資料還原到 {asking.takenAt ? formatDateTime(asking.takenAt) : asking.name} 的備份嗎？之後匯入或處理的資料都會被取代（還原前會先備份目前的資料）。</p>
          <div className="form-actions">
            <button className="danger" disabled={restore.isPending}
              onClick={() => restore.mutate({ name: asking.name }, { onSettled: () => setAsking(null) })}>確定還原</button>
            <button onClick={() => setAsking(null)}>取消</button>
          </div>
        </div>
      )}
    </section>
  )
}
