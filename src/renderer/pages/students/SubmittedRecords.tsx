import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { StudentConfirmation, StudentItem } from '../../../shared/contract/students'
import { KIND_LABELS, KINDS, type Kind } from '../../../shared/domain'
import { useCallQuery } from '../../api'
import { Notice } from '../../components/Notice'
import { RecordsTable } from '../../components/records/RecordsTable'

/** What the records section shows: a kind's tab, and (after a jump from an item) the term to bring into view. */
export interface RecordsFocus {
  kind: Kind
  term: string | null
  /** Changes on every jump, so that the same term can be brought into view twice. */
  seq: number
}

/** The records call takes at most this many reasons to highlight. */
const MAX_REASONS = 10

/**
 * The student's submitted records, one tab per kind of the round and, inside, one table per
 * term of the round (the records of other terms are not what this round confirms). The rows
 * the student's reports of that kind and term mention are highlighted. Tabs follow the ARIA
 * pattern: ←/→, Home/End move between kinds.
 */
export function SubmittedRecords({ studentId, confirmations, items, focus, onFocus }: {
  studentId: number
  confirmations: StudentConfirmation[]
  items: StudentItem[]
  focus: RecordsFocus
  onFocus: (focus: RecordsFocus) => void
}) {
  const termsOf = (kind: Kind) => [...new Set(confirmations.filter((c) => c.kind === kind).map((c) => c.term))].sort()
  const roundKinds = KINDS.filter((k) => termsOf(k).length > 0)
  // A round without terms (not set up yet): every kind, all terms in one table.
  const kinds = roundKinds.length ? roundKinds : [...KINDS]
  const active = kinds.includes(focus.kind) ? focus.kind : kinds[0]
  const tabs = useRef(new Map<Kind, HTMLButtonElement>())
  const reported = (kind: Kind) => items.filter((i) => i.kind === kind && i.inRound && !i.vanishedAt).length

  const onKeyDown = (event: KeyboardEvent) => {
    const i = kinds.indexOf(active)
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: kinds.length - 1 }[event.key]
    if (to === undefined) return
    event.preventDefault()
    const kind = kinds[(to + kinds.length) % kinds.length]
    onFocus({ kind, term: null, seq: focus.seq })
    tabs.current.get(kind)?.focus()
  }

  return (
    <section className="panel submitted-records" aria-label="已提交資料" id="submitted-records">
      <header className="panel-head">
        <h2>已提交資料</h2>
        <span className="hint">中央資料庫中的資料（最近一次匯入）；學生回報提到的列以黃底標示。</span>
      </header>
      <div className="record-tabs" role="tablist" aria-label="資料類別" onKeyDown={onKeyDown}>
        {kinds.map((kind) => (
          <button key={kind} type="button" role="tab" id={`records-tab-${kind}`} aria-selected={kind === active}
            aria-controls="records-panel" tabIndex={kind === active ? 0 : -1}
            ref={(el) => { if (el) tabs.current.set(kind, el); else tabs.current.delete(kind) }}
            onClick={() => onFocus({ kind, term: null, seq: focus.seq })}>
            {KIND_LABELS[kind]}
            {roundKinds.length > 0 && <span className="tab-terms">{termsOf(kind).join('、')}</span>}
            {reported(kind) > 0 && <span className="tab-reported" title="這一類有錯誤回報">回報 {reported(kind)}</span>}
          </button>
        ))}
      </div>
      <div id="records-panel" role="tabpanel" aria-labelledby={`records-tab-${active}`}>
        {roundKinds.length ? (
          termsOf(active).map((term) => (
            <TermRecords key={`${active}-${term}`} studentId={studentId} kind={active} term={term}
              reasons={items.filter((i) => i.kind === active && i.term === term).map((i) => i.reason)}
              focusSeq={focus.term === term && focus.kind === active ? focus.seq : null} />
          ))
        ) : (
          <TermRecords key={active} studentId={studentId} kind={active} term={null}
            reasons={items.filter((i) => i.kind === active).map((i) => i.reason)} focusSeq={null} />
        )}
      </div>
    </section>
  )
}

/** One kind × term: the triage page's records table, brought into view when an item asks for it. */
function TermRecords({ studentId, kind, term, reasons, focusSeq }: {
  studentId: number
  kind: Kind
  term: string | null
  reasons: string[]
  focusSeq: number | null
}) {
  const records = useCallQuery('records.list', {
    studentId, kind, ...(term ? { term } : {}), reasons: reasons.filter(Boolean).slice(0, MAX_REASONS),
  })
  const ref = useRef<HTMLDivElement>(null)
  const [shown, setShown] = useState(false)
  const ready = records.data !== undefined
  useEffect(() => {
    if (focusSeq === null || !ready) return
    ref.current?.scrollIntoView({ block: 'start' })
    ref.current?.focus({ preventScroll: true })
    // A moment's outline says which table the jump landed on.
    setShown(true)
    const timer = setTimeout(() => setShown(false), 1600)
    return () => clearTimeout(timer)
  }, [focusSeq, ready])
  return (
    <div className={shown ? 'term-records just-shown' : 'term-records'} ref={ref} tabIndex={-1} data-term={term ?? 'all'}
      aria-label={`${term ? `${term} ` : ''}${KIND_LABELS[kind]}`} role="group">
      {records.error && <Notice tone="error">{records.error.message}</Notice>}
      {records.data && (
        <RecordsTable records={records.data} showTerm={term === null}
          caption={term ? `${term} 已提交的${KIND_LABELS[kind]}` : `已提交的${KIND_LABELS[kind]}（所有學期）`} />
      )}
    </div>
  )
}
