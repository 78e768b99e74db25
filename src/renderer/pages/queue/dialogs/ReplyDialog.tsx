import { useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { MAX_TEMPLATES } from '../../../../shared/contract/replies'
import { SECTION_LABELS, type Section } from '../../../../shared/domain'
import { useCallQuery } from '../../../api'
import { Dialog } from './Dialog'
import './replyDialog.css'

/** How long the text rests before the preview is asked for again. */
const PREVIEW_DELAY_MS = 250

/**
 * The reply (答覆) to one item or many. A number key picks one of the section's templates
 * (設定 → 答覆範本) — while the templates have the focus, as the dialog opens on an empty reply,
 * or with Alt anywhere; each item gets its own placeholders filled by core, as the preview shows
 * for the first few. Ctrl+Enter saves.
 */
export function ReplyDialog({ count, initial, section, previewIds, onConfirm, onClose }: {
  count: number
  initial: string
  /** Whose templates: this PC's section, else the item's. */
  section: Section | null
  /** A few of the items, to show the reply as their students will read it. */
  previewIds: number[]
  onConfirm(text: string): void
  onClose(): void
}) {
  const [text, setText] = useState(initial)
  const field = useRef<HTMLTextAreaElement>(null)
  const templates = useCallQuery('replies.templates', {})
  const list = section ? (templates.data?.[section] ?? []).slice(0, MAX_TEMPLATES) : []
  const picker = useRef<HTMLDivElement>(null)
  useLayoutEffect(() => field.current?.setSelectionRange(initial.length, initial.length), [])
  // Templates read after the dialog opened on an empty reply: the number keys are theirs still.
  const loaded = list.length > 0
  useEffect(() => {
    if (loaded && initial === '' && field.current?.value === '' && document.activeElement === field.current) picker.current?.focus()
  }, [loaded])

  const pick = (index: number) => {
    const template = list[index]
    if (!template) return
    setText(template.body)
    field.current?.focus()
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.nativeEvent.isComposing || e.keyCode === 229 || !/^[1-9]$/.test(e.key)) return
    const inText = e.target === field.current
    if (inText ? !e.altKey : e.ctrlKey || e.metaKey) return
    e.preventDefault()
    pick(Number(e.key) - 1)
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onConfirm(text.trim())
  }

  return (
    <Dialog title={`答覆（${count} 筆）`} onClose={onClose} wide>
      <form onSubmit={submit} className="dialog-form" onKeyDown={onKeyDown}>
        <p className="hint">學生會被告知這段文字；留空則清除答覆。每一筆的變更都會記入變更紀錄，可復原。</p>
        {list.length > 0 && (
          <div ref={picker} className="reply-templates-pick" role="group" aria-label={`${SECTION_LABELS[section!]}的答覆範本`} tabIndex={0}
            data-autofocus={initial === '' ? '' : undefined}>
            <span className="muted small">按數字鍵套用範本（在文字框內按 Alt+數字）：</span>
            {list.map((t, i) => (
              <button type="button" key={i} onClick={() => pick(i)} title={t.body}><kbd>{i + 1}</kbd>{t.title}</button>
            ))}
          </div>
        )}
        <label className="field">給學生的答覆
          <textarea ref={field} rows={5} value={text} maxLength={2000} data-autofocus={initial !== '' || list.length === 0 ? '' : undefined}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e)
            }} />
        </label>
        <ReplyPreview text={text} itemIds={previewIds} count={count} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>取消</button>
          <button type="submit" className="primary">儲存（Ctrl+Enter）</button>
        </div>
      </form>
    </Dialog>
  )
}

/** The reply as the first students will read it, placeholders filled by core (the text saved is the same). */
function ReplyPreview({ text, itemIds, count }: { text: string; itemIds: number[]; count: number }) {
  const [resting, setResting] = useState(text)
  useEffect(() => {
    const timer = setTimeout(() => setResting(text.trim()), PREVIEW_DELAY_MS)
    return () => clearTimeout(timer)
  }, [text])
  const fills = /[{｛]/.test(resting)
  const preview = useCallQuery('replies.preview', { itemIds, text: resting }, { enabled: fills && itemIds.length > 0 })
  if (!fills || itemIds.length === 0) return null
  return (
    <section className="reply-preview" aria-label="答覆預覽">
      <div className="muted small">預覽{count > itemIds.length ? `（前 ${itemIds.length} 筆；共 ${count} 筆，各自填入自己的資料）` : ''}：</div>
      {preview.error && <div className="reply-preview-error">{preview.error.message}</div>}
      {preview.data?.map((p) => (
        <div key={p.itemId} className="reply-preview-item"><strong>{p.studentName}</strong>　{p.text}</div>
      ))}
    </section>
  )
}
