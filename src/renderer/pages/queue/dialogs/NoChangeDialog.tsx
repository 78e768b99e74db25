import { useState, type FormEvent } from 'react'
import { RESOLUTION_LABELS, RESOLUTIONS, type Resolution } from '../../../../shared/domain'
import type { ItemDetail } from '../../../../shared/contract/triage'
import { ERROR_TYPE_LABELS } from '../../../../shared/domain'
import { Dialog } from './Dialog'

export interface NoChangeChoice {
  resolution: Resolution
  resolutionNote?: string
  duplicateOfId?: number
}

/**
 * 「免修正」needs a reason: pick with 1–4 (or the mouse), Enter confirms. A duplicate names the
 * item it repeats — one of the same report's other items, or any item by its number.
 */
export function NoChangeDialog({ count, report, onConfirm, onClose }: {
  count: number
  /** The active item's whole report, for picking what it duplicates. */
  report: ItemDetail['report']
  onConfirm(choice: NoChangeChoice): void
  onClose(): void
}) {
  const [resolution, setResolution] = useState<Resolution>('dataCorrect')
  const [note, setNote] = useState('')
  const [duplicateOf, setDuplicateOf] = useState<string>(report[0] ? String(report[0].id) : '')
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onConfirm({
      resolution,
      resolutionNote: note.trim() || undefined,
      duplicateOfId: resolution === 'duplicate' && duplicateOf ? Number(duplicateOf) : undefined,
    })
  }
  return (
    <Dialog title={`免修正（${count} 筆）：選擇原因`} onClose={onClose}>
      <form onSubmit={submit} className="dialog-form"
        onKeyDown={(e) => {
          const n = Number(e.key)
          const field = (e.target as HTMLElement).tagName
          // A radio button does not submit its form on Enter; here Enter means 「確定」.
          if (e.key === 'Enter' && (e.target as HTMLInputElement).type === 'radio' && !e.nativeEvent.isComposing) {
            e.preventDefault()
            e.currentTarget.requestSubmit()
            return
          }
          const typing = field === 'TEXTAREA' || (field === 'INPUT' && (e.target as HTMLInputElement).type !== 'radio')
          if (n >= 1 && n <= RESOLUTIONS.length && !typing) {
            e.preventDefault()
            setResolution(RESOLUTIONS[n - 1])
          }
        }}>
        <fieldset className="choices">
          <legend className="sr-only">原因</legend>
          {RESOLUTIONS.map((r, i) => (
            <label key={r} className="choice">
              <input type="radio" name="resolution" value={r} checked={resolution === r}
                data-autofocus={resolution === r ? true : undefined} onChange={() => setResolution(r)} />
              <kbd>{i + 1}</kbd> {RESOLUTION_LABELS[r]}
            </label>
          ))}
        </fieldset>
        {resolution === 'studentSelection' && (
          <p className="hint">學生原本勾選提交的資料就有錯誤或不完整，無法經由收訖明細回報處理。</p>
        )}
        {resolution === 'duplicate' && (
          <label className="field">重複於
            <select value={duplicateOf} onChange={(e) => setDuplicateOf(e.target.value)}>
              {report.map((r) => (
                <option key={r.id} value={r.id}>#{r.id} {ERROR_TYPE_LABELS[r.errorType]}：{r.reason}</option>
              ))}
            </select>
            <input aria-label="或輸入回報編號" placeholder="或輸入回報編號" inputMode="numeric"
              onChange={(e) => e.target.value && setDuplicateOf(e.target.value.replace(/\D/g, ''))} />
          </label>
        )}
        <label className="field">說明{resolution === 'other' ? '（必填）' : '（選填）'}
          <textarea rows={2} value={note} maxLength={500} required={resolution === 'other'}
            onChange={(e) => setNote(e.target.value)} />
        </label>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>取消</button>
          <button type="submit" className="primary">確定免修正</button>
        </div>
      </form>
    </Dialog>
  )
}
