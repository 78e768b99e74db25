import { useState } from 'react'
import type { StudentSummary } from '../../../shared/contract/students'
import { call, useCallQuery } from '../../api'
import { Notice } from '../../components/Notice'
import { ConfirmationGrid } from './ConfirmationGrid'
import { StudentItems } from './StudentItems'

export function StudentDetailView({ id }: { id: number }) {
  const rounds = useCallQuery('rounds.list', {})
  const [roundId, setRoundId] = useState<number | undefined>(undefined)
  const detail = useCallQuery('students.get', { id, roundId })
  if (detail.error) return <Notice tone="error">{detail.error.message}</Notice>
  if (!detail.data) return null
  const { student, round, confirmations, items } = detail.data
  return (
    <div className="student-detail">
      <StudentCard key={student.id} student={student} />
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
        <h2>錯誤回報與處理</h2>
        <StudentItems items={items} />
      </section>
      {/*
        MERGE POINT (issue 4, triage): the student's submitted records of each kind × term
        (the triage helper's records table) and each item's history panel go here, e.g.
        <SubmittedRecords studentId={student.id} terms={round.terms} /> and the item history
        component opened from a row of <StudentItems>. Deliberately not rendered until then.
      */}
    </div>
  )
}

/** Who the student is; the national ID masked unless the user asks to see it. */
function StudentCard({ student }: { student: StudentSummary }) {
  const [revealed, setRevealed] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const toggle = async () => {
    if (revealed) return setRevealed(null)
    try {
      setRevealed((await call('students.revealNationalId', { id: student.id })).nationalId)
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
    </section>
  )
}
