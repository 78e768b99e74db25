import { useState } from 'react'
import { STUDENT_ACTION_LABELS, type StudentHistoryEntry, type StudentSummary } from '../../../shared/contract/students'
import { call, useCallQuery } from '../../api'
import { Notice } from '../../components/Notice'
import { useDateFormat } from '../../useDateFormat'
import { ConfirmationGrid } from './ConfirmationGrid'
import { StudentItems } from './StudentItems'
import { SubmittedRecords, type RecordsFocus } from './SubmittedRecords'

export function StudentDetailView({ id }: { id: number }) {
  const rounds = useCallQuery('rounds.list', {})
  const [roundId, setRoundId] = useState<number | undefined>(undefined)
  const detail = useCallQuery('students.get', { id, roundId })
  const [recordsFocus, setRecordsFocus] = useState<RecordsFocus | null>(null)
  if (detail.error) return <Notice tone="error">{detail.error.message}</Notice>
  if (!detail.data) return null
  const { student, round, confirmations, items } = detail.data
  // The records open on what the student complained about, else on the round's first kind.
  const complaint = items.find((i) => i.inRound && !i.vanishedAt)
  const focus = recordsFocus ?? { kind: complaint?.kind ?? confirmations[0]?.kind ?? 'course', term: null, seq: 0 }
  return (
    <div className="student-detail">
      <StudentCard key={student.id} student={student} history={detail.data.history} onRevealed={() => void detail.refetch()} />
      <section className="panel" aria-label="收訖確認">
        <header className="panel-head">
          <h2>收訖確認</h2>
          {rounds.data && rounds.data.length > 1 ? (
            <select aria-label="梯次" value={round.id} onChange={(e) => setRoundId(Number(e.target.value))}>
              {rounds.data.map((r) => <option key={r.id} value={r.id}>{r.name}{r.isCurrent ? '（目前）' : ''}</option>)}
            </select>
          ) : (
            <span className="hint">{round.name}</span>
          )}
        </header>
        <ConfirmationGrid confirmations={confirmations} />
      </section>
      <section className="panel" aria-label="錯誤回報">
        <header className="panel-head">
          <h2>錯誤回報與處理</h2>
          {items.length > 0 && <span className="hint">點選項目可展開變更紀錄與備註。</span>}
        </header>
        <StudentItems items={items}
          onShowRecords={(kind, term) => setRecordsFocus({ kind, term, seq: focus.seq + 1 })} />
      </section>
      <SubmittedRecords studentId={student.id} confirmations={confirmations} items={items}
        focus={focus} onFocus={setRecordsFocus} />
    </div>
  )
}

/**
 * Who the student is; the national ID masked unless the user asks to see it — which core
 * records, and the card lists (who, when).
 */
function StudentCard({ student, history, onRevealed }: { student: StudentSummary; history: StudentHistoryEntry[]; onRevealed: () => void }) {
  const { formatDateTime } = useDateFormat()
  const [revealed, setRevealed] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const toggle = async () => {
    if (revealed) return setRevealed(null)
    try {
      setRevealed((await call('students.revealNationalId', { id: student.id })).nationalId)
      setError(null)
      onRevealed()
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return (
    <section className="panel student-card" aria-label="學生資料">
      <h2 className="student-name">{student.name}</h2>
      <dl className="student-facts">
        <div><dt>班級座號</dt><dd>{student.className} 班 {student.seat} 號</dd></div>
        <div><dt>學號</dt><dd className="mono-digits">{student.studentNo}</dd></div>
        <div><dt>導師</dt><dd>{student.homeroomTeacher ?? '—'}</dd></div>
        <div>
          <dt>身分證號</dt>
          <dd className="mono-digits" data-testid="national-id">
            {revealed ?? student.nationalIdMasked ?? '（名冊未提供）'}
            {student.nationalIdMasked && (
              <button type="button" className="reveal" aria-pressed={revealed !== null} onClick={toggle}>
                {revealed ? '隱藏' : '顯示'}
              </button>
            )}
          </dd>
        </div>
      </dl>
      {error && <Notice tone="error">{error}</Notice>}
      {history.length > 0 && (
        <ul className="student-history" aria-label="查閱紀錄">
          {history.map((h) => (
            <li key={h.id}>{formatDateTime(h.at)} {h.operator} {STUDENT_ACTION_LABELS[h.action]}</li>
          ))}
        </ul>
      )}
    </section>
  )
}
