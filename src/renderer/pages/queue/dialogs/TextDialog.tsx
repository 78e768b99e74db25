import { useLayoutEffect, useRef, useState, type FormEvent } from 'react'
import { Dialog } from './Dialog'

/** A reply (答覆) or a note for one item or many, starting from `initial`; Ctrl+Enter saves. */
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
  const field = useRef<HTMLTextAreaElement>(null)
  // The caret after the text there is, to go on writing (the dialog focuses the field next).
  useLayoutEffect(() => field.current?.setSelectionRange(initial.length, initial.length), [])
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onConfirm(text.trim())
  }
  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        <p className="hint">{hint}</p>
        <label className="field">{label}
          <textarea ref={field} rows={4} value={text} maxLength={2000} required={required} onChange={(e) => setText(e.target.value)}
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
