import { useState, type FormEvent } from 'react'
import { Dialog } from './Dialog'

/** 'YYYY-MM-DD HH:mm:ss' → the datetime-local field's 'YYYY-MM-DDTHH:mm'. */
const toField = (ts: string | null) => (ts ? ts.slice(0, 16).replace(' ', 'T') : '')

/** 「已重新提交」 records when: now by default (core's clock), editable; Enter confirms. */
export function ResubmitDialog({ count, now, onConfirm, onClose }: {
  count: number
  now: string | null
  onConfirm(resubmittedAt: string | undefined): void
  onClose(): void
}) {
  const initial = toField(now)
  const [at, setAt] = useState(initial)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onConfirm(at && at !== initial ? at : undefined)
  }
  return (
    <Dialog title={`標記已重新提交（${count} 筆）`} onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        <p className="hint">已在學校系統修正並重新上傳到中央資料庫。學生將於複查期間確認。</p>
        <label className="field">重新提交時間
          <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
        </label>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>取消</button>
          <button type="submit" className="primary" data-autofocus>確定已重新提交</button>
        </div>
      </form>
    </Dialog>
  )
}
