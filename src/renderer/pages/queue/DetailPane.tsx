import { useQueryClient } from '@tanstack/react-query'
import { useState, type Dispatch, type SetStateAction } from 'react'
import type { ItemDetail } from '../../../shared/contract/triage'
import { ERROR_TYPE_LABELS, KIND_LABELS, RESOLUTION_LABELS } from '../../../shared/domain'
import { useCallMutation, useCallQuery, type CallError } from '../../api'
import { ItemHistory } from '../../components/ItemHistory'
import { Notice } from '../../components/Notice'
import { RecordsTable } from '../../components/records/RecordsTable'
import { DeadlineBadge } from '../../components/DeadlineBadge'
import { StatusBadge } from '../../components/StatusBadge'
import { useDateFormat } from '../../useDateFormat'

/**
 * Beside the queue: why the student complained (the whole report), next to what was
 * submitted (their records of that kind and term, the mentioned rows highlighted), what has
 * been done (history, notes) and what the student will be told (答覆).
 */
export function DetailPane({ itemId, drafts, onClose }: { itemId: number; drafts: Drafts; onClose(): void }) {
  const detail = useCallQuery('triage.item', { id: itemId })
  const d = detail.data
  return (
    <aside className="detail-pane" aria-label="回報明細" data-testid="detail-pane">
      <header className="detail-head">
        {d ? (
          <div>
            <div className="detail-name">{d.item.studentName}</div>
            <div className="detail-sub">
              {d.item.className} 班 {d.item.seat} 號 · 學號 {d.item.studentNo} · {KIND_LABELS[d.kind]} {d.item.term}
            </div>
          </div>
        ) : <div className="detail-name">…</div>}
        <button type="button" className="close-button" onClick={onClose} aria-label="關閉明細（Esc）">×</button>
      </header>
      {detail.error && <Notice tone="error">{detail.error.message}</Notice>}
      {d && <DetailBody detail={d} drafts={drafts} />}
    </aside>
  )
}

type Drafts = [ReadonlyMap<number, ReplyDraft>, Dispatch<SetStateAction<ReadonlyMap<number, ReplyDraft>>>]

/**
 * The replies begun and not saved, per item: kept by the page, not by the pane (which goes while
 * the next item loads), so a cursor moved away (the clerk's click, another PC's change) and back
 * finds the reply she had begun there.
 */
export function useReplyDrafts(): Drafts {
  return useState<ReadonlyMap<number, ReplyDraft>>(new Map())
}

function DetailBody({ detail, drafts }: { detail: ItemDetail; drafts: Drafts }) {
  const { item } = detail
  const { formatDateTime } = useDateFormat()
  const records = useCallQuery('records.list', {
    studentId: item.studentId, kind: detail.kind, term: item.term, reasons: detail.report.map((r) => r.reason),
  })
  return (
    <div className="detail-body">
      {item.hint && (
        // What the records say about what the reason names (core/hints): the first thing to see.
        <p className={`detail-hint hint-${item.hintState}`} role="note" aria-label="提示">
          <span className="detail-hint-label">提示</span>{item.hint}
        </p>
      )}
      <section aria-label="整份回報">
        <h3>
          學生的回報 <span className="muted small">#{item.id} · 回報於 {formatDateTime(item.reportedAt) || '—'}</span>
          {item.deadline && <> <DeadlineBadge deadline={item.deadline} state={item.deadlineState} /></>}
        </h3>
        <ul className="report-list">
          {detail.report.map((r) => (
            <li key={r.id} className={r.id === item.id ? 'current' : undefined}>
              <span className="report-type">{ERROR_TYPE_LABELS[r.errorType]}</span>
              <span className="report-reason">{r.reason || '（未填原因）'}</span>
              <StatusBadge status={r.status} />
            </li>
          ))}
        </ul>
        <Facts detail={detail} />
      </section>
      {records.data && <RecordsTable records={records.data} caption={`${item.term} 已提交的${KIND_LABELS[detail.kind]}`} />}
      {records.error && <Notice tone="error">{records.error.message}</Notice>}
      <ReplyEditor item={item} drafts={drafts} />
      <Notes detail={detail} />
      <section>
        <h3>變更紀錄</h3>
        <ItemHistory history={detail.history} />
      </section>
    </div>
  )
}

function Facts({ detail }: { detail: ItemDetail }) {
  const { item } = detail
  const { formatDateTime } = useDateFormat()
  const facts: [string, string][] = []
  if (item.resolution) facts.push(['免修正原因', RESOLUTION_LABELS[item.resolution] + (item.resolutionNote ? `：${item.resolutionNote}` : '')])
  if (detail.duplicateOf) facts.push(['重複於', `#${detail.duplicateOf.id} ${detail.duplicateOf.label}`])
  if (item.resubmittedAt) facts.push(['重新提交', `${formatDateTime(item.resubmittedAt)} ${item.resubmittedBy ?? ''}`])
  if (item.vanishedAt) facts.push(['已消失', `${formatDateTime(item.vanishedAt)} 匯入的名單已沒有這筆回報`])
  if (facts.length === 0) return null
  return (
    <dl className="facts detail-facts">
      {facts.map(([k, v]) => [<dt key={`${k}-t`}>{k}</dt>, <dd key={`${k}-d`}>{v}</dd>])}
    </dl>
  )
}

interface ReplyDraft {
  text: string
  version: number | null
}

/**
 * The reply as core has it, until the clerk starts typing: then her draft, saved against the
 * version she began it on — so that a refresh (another PC answering meanwhile) neither replaces
 * what she is typing nor lets her save over the other answer unawares. Once core has refused it
 * and said who answered, saving again replaces that answer knowingly.
 */
function ReplyEditor({ item, drafts: [drafts, setDrafts] }: { item: ItemDetail['item']; drafts: Drafts }) {
  const draft = drafts.get(item.id) ?? null
  const id = item.id
  const setDraft = (next: ReplyDraft | null | ((d: ReplyDraft | null) => ReplyDraft | null)) =>
    setDrafts((all) => {
      const value = typeof next === 'function' ? next(all.get(id) ?? null) : next
      const copy = new Map(all)
      if (value) copy.set(id, value)
      else copy.delete(id)
      return copy
    })
  const text = draft?.text ?? item.reply ?? ''
  const save = useCallMutation('triage.reply')
  const client = useQueryClient()
  const dirty = draft !== null && draft.text.trim() !== (item.reply ?? '')
  const onError = (error: CallError) => {
    if (error.code !== 'stale-version') return
    setDraft((d) => d && { ...d, version: null })
    void client.invalidateQueries()
  }
  return (
    <section aria-label="答覆">
      <h3>答覆（給學生）</h3>
      <textarea className="reply-text" rows={3} value={text} maxLength={2000} aria-label="答覆內容"
        placeholder="例：已更正並重新提交，請於 10/22 08:00 後至系統複查。"
        onChange={(e) => setDraft({ text: e.target.value, version: draft?.version ?? item.version })} />
      <div className="inline-actions">
        <button type="button" disabled={!dirty || save.isPending}
          onClick={() => save.mutate({ target: { items: [{ id: item.id, version: draft?.version ?? item.version }] }, reply: text },
            { onSuccess: () => setDraft(null), onError })}>
          儲存答覆
        </button>
        {save.error && <Notice tone="error">{save.error.message}</Notice>}
      </div>
    </section>
  )
}

function Notes({ detail }: { detail: ItemDetail }) {
  const { formatDateTime } = useDateFormat()
  const [body, setBody] = useState('')
  const add = useCallMutation('triage.note')
  const { item } = detail
  return (
    <section aria-label="備註">
      <h3>內部備註</h3>
      {detail.notes.length > 0 && (
        <ul className="notes">
          {detail.notes.map((n) => (
            <li key={n.id}><span className="muted small">{formatDateTime(n.at)} {n.operator}</span> {n.body}</li>
          ))}
        </ul>
      )}
      <textarea rows={2} value={body} maxLength={2000} aria-label="新備註" placeholder="只有同事看得到，例：已電話聯絡導師。"
        onChange={(e) => setBody(e.target.value)} />
      <div className="inline-actions">
        <button type="button" disabled={!body.trim() || add.isPending}
          onClick={() => add.mutate({ target: { items: [{ id: item.id, version: item.version }] }, body },
            { onSuccess: () => setBody('') })}>
          新增備註
        </button>
        {add.error && <Notice tone="error">{add.error.message}</Notice>}
      </div>
    </section>
  )
}
