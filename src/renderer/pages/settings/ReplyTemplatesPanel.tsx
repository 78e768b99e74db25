import { useEffect, useState, type FormEvent } from 'react'
import { MAX_TEMPLATES, PLACEHOLDERS, type ReplyTemplate } from '../../../shared/contract/replies'
import { SECTION_LABELS, SECTIONS, type Section } from '../../../shared/domain'
import { useCallMutation, useCallQuery } from '../../api'
import { Notice } from '../../components/Notice'
import './replyTemplates.css'

/**
 * 設定 → 答覆範本: each section's replies, picked by number (1–9) in the queue's reply dialog.
 * Placeholders are filled by core for each item answered (core/replies/fill.ts); one that does
 * not exist is refused on save, naming it.
 */
export function ReplyTemplatesPanel({ ownSection }: { ownSection: Section | null }) {
  const templates = useCallQuery('replies.templates', {})
  const [section, setSection] = useState<Section>(ownSection ?? SECTIONS[0])
  const [draft, setDraft] = useState<ReplyTemplate[] | null>(null)
  const [saved, setSaved] = useState(false)
  const save = useCallMutation('replies.saveTemplates')
  // Another section, or the templates as core has them after a save: the form starts over.
  useEffect(() => setDraft(null), [section, templates.data])
  const list = draft ?? templates.data?.[section] ?? []

  const edit = (index: number, change: Partial<ReplyTemplate>) => {
    setSaved(false)
    setDraft(list.map((t, i) => (i === index ? { ...t, ...change } : t)))
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate({ section, templates: list }, { onSuccess: () => setSaved(true) })
  }

  return (
    <form className="panel reply-templates" onSubmit={submit} aria-label="答覆範本">
      <h2>答覆範本</h2>
      <p className="hint">
        在「回報處理」按 <kbd>e</kbd> 答覆時，按數字鍵 1–{MAX_TEMPLATES} 套用範本；選取多筆時，每一筆各自填入自己的資料。
        可用的欄位：{Object.entries(PLACEHOLDERS).map(([name, what]) => <span key={name} className="placeholder" title={what}>{`{${name}}`}</span>)}
      </p>
      <label className="field inline">組別
        <select value={section} onChange={(e) => setSection(e.target.value as Section)}>
          {SECTIONS.map((s) => <option key={s} value={s}>{SECTION_LABELS[s]}</option>)}
        </select>
      </label>
      <ol className="template-list">
        {list.map((t, i) => (
          <li key={i}>
            <div className="template-head">
              <kbd>{i + 1}</kbd>
              <input aria-label={`範本 ${i + 1} 名稱`} value={t.title} maxLength={20} required onChange={(e) => edit(i, { title: e.target.value })} />
              <button type="button" onClick={() => {
                setSaved(false)
                setDraft(list.filter((_, j) => j !== i))
              }}>刪除</button>
            </div>
            <textarea aria-label={`範本 ${i + 1} 內容`} rows={3} value={t.body} maxLength={2000} required
              onChange={(e) => edit(i, { body: e.target.value })} />
          </li>
        ))}
      </ol>
      <div className="form-actions">
        <button type="button" disabled={list.length >= MAX_TEMPLATES} onClick={() => {
          setSaved(false)
          setDraft([...list, { title: '新範本', body: '{姓名}同學您好：' }])
        }}>新增範本</button>
        <button type="submit" className="primary" disabled={save.isPending || !templates.data}>儲存{SECTION_LABELS[section]}的範本</button>
        {saved && <Notice tone="success">已儲存。</Notice>}
      </div>
      {save.error && <Notice tone="error">{save.error.message}</Notice>}
      {templates.error && <Notice tone="error">{templates.error.message}</Notice>}
    </form>
  )
}
