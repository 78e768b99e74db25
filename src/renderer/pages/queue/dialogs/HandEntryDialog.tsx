import { useState, type FormEvent } from 'react'
import type { HandEntryInput } from '../../../../shared/contract/handEntry'
import type { StudentHit } from '../../../../shared/contract/students'
import { CHANNEL_LABELS, CHANNELS, ERROR_TYPE_LABELS, ERROR_TYPES, KIND_LABELS, type Channel, type ErrorType } from '../../../../shared/domain'
import { useCallQuery } from '../../../api'
import { Dialog } from './Dialog'

/**
 * 「登錄回報」: a report or dispute that reached the section at the counter or by phone, entered by
 * hand. Find the student (學號, 班級座號 or name), pick what the report is about among the kinds and
 * terms the current round confirms, write what the student said, and how it came.
 */
export function HandEntryDialog({ onConfirm, onClose }: { onConfirm(entry: HandEntryInput): void; onClose(): void }) {
  const [query, setQuery] = useState('')
  const [student, setStudent] = useState<StudentHit | null>(null)
  const [subject, setSubject] = useState('') // 'kind|term'
  const [errorType, setErrorType] = useState<ErrorType>('wrong')
  const [reason, setReason] = useState('')
  const [channel, setChannel] = useState<Channel>('counter')
  const hits = useCallQuery('students.search', { query: query.trim(), limit: 8 }, { enabled: query.trim().length > 0 && !student })
  const round = useCallQuery('rounds.current', {})
  const terms = round.data?.round.terms ?? []
  const chosen = subject || (terms[0] ? `${terms[0].kind}|${terms[0].term}` : '')

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!student || !chosen) return
    const [kind, term] = chosen.split('|') as [HandEntryInput['kind'], string]
    onConfirm({ studentId: student.id, kind, term, errorType, reason: reason.trim(), channel })
  }
  return (
    <Dialog title="登錄回報（臨櫃、電話）" onClose={onClose} wide>
      <form onSubmit={submit} className="dialog-form hand-entry">
        <p className="hint">學生到櫃臺或來電反映的錯誤或疑義，登錄後與匯入的回報一樣處理；之後匯入的清單若列出同一筆，會併入這一筆。</p>
        {student ? (
          <p className="chosen-student">學生：<strong>{student.name}</strong>（{student.className} {student.seat}號，{student.studentNo}）
            <button type="button" onClick={() => setStudent(null)}>改選</button></p>
        ) : (
          <label className="field">學生（學號、班級座號或姓名）
            <input value={query} onChange={(e) => setQuery(e.target.value)} data-autofocus aria-label="查詢學生" />
            {hits.data && hits.data.length > 0 && (
              <ul className="student-hits" role="listbox" aria-label="符合的學生">
                {hits.data.map((h) => (
                  <li key={h.id}><button type="button" onClick={() => setStudent(h)}>{h.studentNo} {h.className} {h.seat}號 {h.name}</button></li>
                ))}
              </ul>
            )}
            {hits.data?.length === 0 && <span className="hint">找不到符合的學生。</span>}
          </label>
        )}
        <label className="field">項目與學期
          <select value={chosen} onChange={(e) => setSubject(e.target.value)} aria-label="項目與學期">
            {terms.map((t) => <option key={`${t.kind}|${t.term}`} value={`${t.kind}|${t.term}`}>{KIND_LABELS[t.kind]} {t.term}</option>)}
          </select>
        </label>
        <fieldset className="choices inline">
          <legend>錯誤類型</legend>
          {ERROR_TYPES.map((t) => (
            <label key={t} className="choice"><input type="radio" name="errorType" checked={errorType === t} onChange={() => setErrorType(t)} /> {ERROR_TYPE_LABELS[t]}</label>
          ))}
        </fieldset>
        <label className="field">學生反映的內容
          <textarea rows={3} value={reason} maxLength={1000} required onChange={(e) => setReason(e.target.value)} />
        </label>
        <fieldset className="choices inline">
          <legend>來源</legend>
          {CHANNELS.map((c) => (
            <label key={c} className="choice"><input type="radio" name="channel" checked={channel === c} onChange={() => setChannel(c)} /> {CHANNEL_LABELS[c]}</label>
          ))}
        </fieldset>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>取消</button>
          <button type="submit" className="primary" disabled={!student || !chosen}>登錄</button>
        </div>
      </form>
    </Dialog>
  )
}
