import { useState } from 'react'
import type { RoundView } from '../../../shared/contract/rounds'
import { formatMonthDayTime, useDateFormat } from '../../useDateFormat'
import { deadlineRuleSummary } from '../../../shared/deadlines'
import { KIND_LABELS, KINDS } from '../../../shared/domain'
import { call, useCallMutation, useCallQuery } from '../../api'
import { Notice } from '../../components/Notice'
import { RoundForm } from './RoundForm'
import { formFromRound, type RoundFormState } from './roundForm'
import './rounds.css'

/** 設定 → 收訖確認梯次: the rounds, which one is current, and their calendars. */
export function RoundsPanel() {
  const rounds = useCallQuery('rounds.list', {})
  const [editing, setEditing] = useState<RoundFormState | null>(null)
  const [message, setMessage] = useState<string | null>(null)

  const startNew = async () => {
    const year = Math.max(...(rounds.data ?? []).map((r) => r.schoolYear)) + 1
    setEditing(formFromRound(await call('rounds.defaults', { schoolYear: year })))
    setMessage(null)
  }
  const done = (saved: RoundView | null) => {
    setEditing(null)
    if (saved) setMessage(`已儲存梯次「${saved.name}」。`)
  }

  return (
    <section className="panel rounds-panel" aria-label="收訖確認梯次">
      <h2>收訖確認梯次</h2>
      <p className="hint">匯入的資料歸入「目前梯次」；以前的梯次仍可在總覽與學生查詢中檢視。</p>
      {rounds.error && <Notice tone="error">{rounds.error.message}</Notice>}
      {rounds.data && (
        <table className="grid rounds-table">
          <thead>
            <tr><th>梯次</th><th>確認期間</th><th>修正期間</th><th>複查期間</th><th>確認學期</th><th className="nowrap">調查期限</th><th /></tr>
          </thead>
          <tbody>
            {rounds.data.map((r) => (
              <RoundRow key={r.id} round={r} onEdit={() => { setEditing(formFromRound(r)); setMessage(null) }} onChanged={setMessage} />
            ))}
          </tbody>
        </table>
      )}
      {message && <Notice tone="success">{message}</Notice>}
      {editing ? (
        <RoundForm key={editing.id ?? 'new'} initial={editing} onDone={done} />
      ) : (
        <div className="form-actions"><button type="button" onClick={startNew} disabled={!rounds.data}>新增梯次</button></div>
      )}
    </section>
  )
}

/** A window on two lines: '114/10/07 08:00 –' over '10/16 17:00'. */
function Span({ start, end }: { start: string; end: string }) {
  const { formatDateTime } = useDateFormat()
  return <>{formatDateTime(start)} –<br />{formatMonthDayTime(end)}</>
}

function RoundRow({ round, onEdit, onChanged }: { round: RoundView; onEdit: () => void; onChanged: (message: string) => void }) {
  const setCurrent = useCallMutation('rounds.setCurrent')
  const [confirming, setConfirming] = useState(false)
  const kinds = KINDS.filter((k) => round.terms.some((t) => t.kind === k))
  return (
    <tr className={round.isCurrent ? 'current-round' : undefined}>
      <td>
        <div className="round-name">{round.name}</div>
        {round.isCurrent && <span className="current-tag">目前梯次</span>}
      </td>
      <td className="nowrap"><Span start={round.confirmStart} end={round.confirmEnd} /></td>
      <td className="nowrap"><Span start={round.fixStart} end={round.fixEnd} /></td>
      <td className="nowrap"><Span start={round.recheckStart} end={round.recheckEnd} /></td>
      <td className="round-terms">
        {kinds.map((k) => (
          <div key={k}>{KIND_LABELS[k]} <b>{round.terms.filter((t) => t.kind === k).map((t) => t.term).join('、')}</b></div>
        ))}
      </td>
      <td className="nowrap">{deadlineRuleSummary(round.deadlineRule, round.investigationDays)}</td>
      <td className="round-actions">
        <button type="button" onClick={onEdit} aria-label={`編輯 ${round.name}`}>編輯</button>
        {!round.isCurrent && !confirming && <button type="button" onClick={() => setConfirming(true)}>設為目前梯次</button>}
        {confirming && (
          <span className="confirm-inline">
            之後的匯入將歸入此梯次。
            <button type="button" className="primary" disabled={setCurrent.isPending}
              onClick={() => setCurrent.mutate({ id: round.id }, {
                onSuccess: (r) => {
                  setConfirming(false)
                  onChanged(`目前梯次已改為「${r.name}」。`)
                },
              })}>確定</button>
            <button type="button" onClick={() => setConfirming(false)}>取消</button>
          </span>
        )}
        {setCurrent.error && <Notice tone="error">{setCurrent.error.message}</Notice>}
      </td>
    </tr>
  )
}
