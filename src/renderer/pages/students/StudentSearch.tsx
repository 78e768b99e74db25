import { keepPreviousData } from '@tanstack/react-query'
import { useEffect, useState, type KeyboardEvent } from 'react'
import { STUDENT_MATCH_LABELS, type StudentHit } from '../../../shared/contract/students'
import { useCallQuery } from '../../api'
import { Notice } from '../../components/Notice'

/** Waits for a pause in typing (or an IME's composition) before asking core. */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}

/**
 * A typeahead over the roster: results from the first keystrokes, ↑/↓ to move, Enter to
 * open, Esc to clear. The list stays beside the student shown, to walk through a class.
 */
export function StudentSearch({ selectedId, onSelect }: { selectedId: number | null; onSelect: (id: number) => void }) {
  const [text, setText] = useState('')
  const [active, setActive] = useState(0)
  const query = useSettled(text, 120)
  const results = useCallQuery('students.search', { query, limit: 30 }, {
    enabled: query.trim().length > 0,
    placeholderData: keepPreviousData,
  })
  const hits = query.trim() ? results.data ?? [] : []
  useEffect(() => setActive(0), [query])

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return
    if (event.key === 'ArrowDown' && hits.length) setActive((a) => Math.min(hits.length - 1, a + 1))
    else if (event.key === 'ArrowUp' && hits.length) setActive((a) => Math.max(0, a - 1))
    else if (event.key === 'Enter' && hits[active]) onSelect(hits[active].id)
    else if (event.key === 'Escape') setText('')
    else return
    event.preventDefault()
  }

  return (
    <section className="panel student-search" aria-label="查詢學生">
      <label htmlFor="student-query" className="search-label">查詢學生</label>
      <input id="student-query" type="search" autoFocus autoComplete="off" spellCheck={false} value={text}
        placeholder="學號、姓名、班級座號（201 05）或身分證號"
        role="combobox" aria-expanded={hits.length > 0} aria-controls="student-results" aria-autocomplete="list"
        aria-activedescendant={hits[active] ? `student-hit-${hits[active].id}` : undefined}
        onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} />
      {results.error && <Notice tone="error">{results.error.message}</Notice>}
      {query.trim() && results.isSuccess && hits.length === 0 && <p className="hint search-none">找不到符合「{query.trim()}」的學生。</p>}
      {!query.trim() && <p className="hint search-help">輸入學號開頭、姓名的一部分、班級（201）、班級座號（201 05 或 20105），或完整的身分證號。</p>}
      <ul id="student-results" role="listbox" aria-label="查詢結果" className="search-results">
        {hits.map((hit, i) => (
          <HitRow key={hit.id} hit={hit} active={i === active} selected={hit.id === selectedId}
            onPick={() => { setActive(i); onSelect(hit.id) }} />
        ))}
      </ul>
    </section>
  )
}

function HitRow({ hit, active, selected, onPick }: { hit: StudentHit; active: boolean; selected: boolean; onPick: () => void }) {
  return (
    <li id={`student-hit-${hit.id}`} role="option" aria-selected={active}
      className={`search-hit${active ? ' active' : ''}${selected ? ' selected' : ''}`}
      onMouseDown={(e) => { e.preventDefault(); onPick() }}>
      <span className="hit-class">{hit.className} {hit.seat}</span>
      <span className="hit-name">{hit.name}</span>
      <span className="hit-no">{hit.studentNo}</span>
      <span className="hit-match">{STUDENT_MATCH_LABELS[hit.matchedBy]}</span>
    </li>
  )
}
