import { useState, type FormEvent } from 'react'
import { Dialog } from './Dialog'

/** A reply (答覆) or a note for one item or many; Ctrl+Enter saves. */
export function TextDialog({ title, label, hint, initial = '', required, onConfirm, onClose }: {
  title: string
  label: string
  hint: string
  initial?: string
  required: boolean
  onConfirm(text: string): void
  onClose(): void
}) {
  const [text, setText] = useState(initial)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onConfirm(text.trim())
  }
  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        <p className="hint">{hint}</p>
        <label className="field">{label}
          <textarea rows={4} value={text} maxLength={2000} required={required} onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e)
            }} />
        </label>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>取消</button>
          <button type="submit" className="primary">儲存（Ctrl+Enter）</button>
        </div>
      </form>
    </Dialog>
  )
}
