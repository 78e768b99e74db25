import { useCallback, useEffect, useRef, useState } from 'react'
import type { SavedView } from '../../shared/contract/desk'
import type { AppSettings } from '../../shared/contract/settings'
import { ERROR_TYPE_LABELS, KIND_LABELS } from '../../shared/domain'
import { useCallQuery } from '../api'
import { EmptyState } from '../components/EmptyState'
import { Notice } from '../components/Notice'
import { PageHeader } from '../components/PageHeader'
import { hrefOf } from '../routes'
import { useChangeSeq } from '../sync/useChangeSync'
import { ActionBar, UndoButton } from './queue/ActionBar'
import { ColleagueCounts } from './queue/ColleagueCounts'
import { DetailPane, useReplyDrafts } from './queue/DetailPane'
import { QueueDialogs } from './queue/dialogs/QueueDialogs'
import { FacetPanel } from './queue/FacetPanel'
import { QueueTable } from './queue/QueueTable'
import { selectionSize } from './queue/selection'
import type { Shortcut } from './queue/shortcuts'
import { useQueueActions } from './queue/useQueueActions'
import { useQueueWorkspace } from './queue/useQueueWorkspace'
import { useGoto, useSaveView } from './queue/useDesk'
import { useShortcuts } from './queue/useShortcuts'
import { ViewTabs } from './queue/ViewTabs'
import './queue/queue.css'

export function QueuePage() {
  const settings = useCallQuery('settings.get', {})
  // Read once, as the page opens: later saves do not move the clerk's filters under her.
  const saved = useCallQuery('queue.savedView', {}, { staleTime: Infinity, gcTime: 0 })
  // A failed refetch (the server out of reach) keeps the data read before: the queue stays
  // open with its rows and says why itself, rather than vanishing behind the error.
  const ready = settings.data !== undefined && saved.data !== undefined
  const error = ready ? null : settings.error ?? saved.error
  return (
    <div className="queue-page">
      {error && <Notice tone="error">{error.message}</Notice>}
      {/* The queue opens on this PC's last view, else on the operator's section, so it waits for both. */}
      {ready && <QueueWorkspaceView settings={settings.data!} saved={saved.data ?? null} />}
    </div>
  )
}

function QueueWorkspaceView({ settings, saved }: { settings: AppSettings; saved: SavedView | null }) {
  const w = useQueueWorkspace(settings.section, saved)
  const a = useQueueActions(w)
  useSaveView(w.filter, w.sort)
  const goto = useGoto(w.total, w.setActive)
  useEffect(() => {
    if (saved) a.setMessage({ tone: 'info', text: '已還原這台電腦上次使用的篩選與排序。' })
  }, [])
  const [detailOpen, setDetailOpen] = useState(false)
  const drafts = useReplyDrafts()
  const searchRef = useRef<HTMLInputElement>(null)
  const homeRef = useRef<HTMLDivElement>(null)
  const home = useCallback(() => homeRef.current, [])

  // An action key pressed while the last action is still saving and refreshing is held and
  // run right after, on the refreshed rows — never dropped, never run on stale data.
  const held = useRef<Shortcut | null>(null)
  const acts = (s: Shortcut) => s.type === 'decide' || s.type === 'undo' || s.type === 'reply' || s.type === 'note'
  const onShortcut = (s: Shortcut) => {
    if (s.type === 'digit') return void goto.digit(s.digit)
    goto.end()
    if (a.busy && acts(s)) {
      held.current = s
      return
    }
    switch (s.type) {
      case 'move': return void w.move(s.by, s.extend)
      case 'toggleSelect': return w.toggleActive()
      case 'selectAll': return w.selectAll()
      case 'open': return setDetailOpen(w.activeRow !== undefined)
      case 'escape':
        if (selectionSize(w.selection) > 0) return w.clearSelection()
        return setDetailOpen(false)
      case 'undo': return a.undoLast()
      case 'search': return searchRef.current?.focus()
      case 'help': return a.setDialog({ type: 'help' })
      case 'decide': return a.startDecision(s.to)
      case 'reply': return a.openText('reply')
      case 'note': return a.openText('note')
      case 'goto': return goto.start()
      case 'handEntry': return a.setDialog({ type: 'handEntry' })
    }
  }
  useShortcuts(a.dialog === null, onShortcut, home)
  // Other PCs' work refreshes the list (App's useChangeSync): the cursor stays on its item,
  // except while this window's own step is placing it.
  const changeSeq = useChangeSeq()
  useEffect(() => (a.busy ? w.stopFollowing() : w.followActive()), [changeSeq, a.busy])
  useEffect(() => {
    if (a.busy || !held.current) return
    const next = held.current
    held.current = null
    onShortcut(next) // the render's own handler: it sees the refreshed rows
  }, [a.busy])
  useEffect(() => homeRef.current?.focus(), [])

  const n = selectionSize(w.selection)
  const row = w.activeRow
  const targetLabel = n > 0
    ? `已選取 ${n.toLocaleString()} 筆`
    : row ? `${row.studentName}（${row.className} ${row.seat}號）${KIND_LABELS[row.kind]} ${row.term} ${ERROR_TYPE_LABELS[row.errorType]}` : '沒有選取'

  return (
    <>
      <PageHeader title="回報處理">
        <SearchBox inputRef={searchRef} value={w.filter.search} onSearch={w.setSearch} />
        <button type="button" onClick={() => a.setDialog({ type: 'handEntry' })} title="登錄臨櫃、電話反映的回報（a）">登錄回報</button>
        <button type="button" onClick={() => a.setDialog({ type: 'help' })} title="鍵盤操作（?）">鍵盤操作 ?</button>
      </PageHeader>
      {!settings.operatorName && (
        <Notice tone="warning">請先到<a href={hrefOf('settings')}>「設定」</a>填寫您的姓名，才能處理回報（每一筆變更都會記下操作者）。</Notice>
      )}
      <div className={detailOpen && row ? 'queue-layout with-detail' : 'queue-layout'}>
        <FacetPanel facets={w.facets} filter={w.filter} onToggle={w.toggleFacet} onClear={w.clearFilter} />
        <section className="queue-main" aria-label="回報清單區">
          <div className="queue-top">
            <ViewTabs facets={w.facets} filter={w.filter} onView={w.setStatuses} />
            <UndoButton lastStep={a.lastStep} busy={a.busy} onUndo={a.undoLast} />
          </div>
          <ColleagueCounts />
          <ActionBar targetLabel={targetLabel} statuses={a.statuses} transitions={a.transitions} busy={a.busy}
            selectionSize={n} total={w.total} allSelected={w.selection.mode === 'all'}
            onDecide={a.startDecision} onReply={() => a.openText('reply')} onNote={() => a.openText('note')}
            onSelectAll={w.selectAll} onClearSelection={w.clearSelection} />
          <div className="queue-message" aria-live="polite">
            {goto.typed !== null && <Notice tone="info">前往第 {goto.typed || '…'} 筆（輸入數字）</Notice>}
            {a.message && <Notice tone={a.message.tone}>{a.message.text}</Notice>}
            {w.rows.error && <Notice tone="error">{w.rows.error.message}</Notice>}
          </div>
          <div className="queue-home" ref={homeRef} tabIndex={0} aria-label="回報清單（按 ? 看鍵盤操作）"
            aria-activedescendant={row ? `queue-row-${w.active}` : undefined}>
            <QueueContent w={w} compact={detailOpen && row !== undefined}
              onOpen={() => setDetailOpen(true)} />
          </div>
        </section>
        {detailOpen && row && <DetailPane itemId={row.id} drafts={drafts} onClose={() => setDetailOpen(false)} />}
      </div>
      <QueueDialogs actions={a} activeId={row?.id} now={w.rows.now} />
    </>
  )
}

function QueueContent({ w, compact, onOpen }: {
  w: ReturnType<typeof useQueueWorkspace>
  compact: boolean
  onOpen(): void
}) {
  if (w.facets && !w.facets.anyItems) {
    return (
      <EmptyState title="還沒有錯誤回報">
        到<a href={hrefOf('import')}>「匯入」</a>載入收訖確認結果後，學生回報的每一項錯誤會列在這裡。
      </EmptyState>
    )
  }
  if (w.rows.total === 0) {
    return (
      <EmptyState title="沒有符合這些條件的回報">
        <button type="button" onClick={w.clearFilter}>清除篩選</button>，或在左側改選其他組別、狀態。
      </EmptyState>
    )
  }
  return (
    // A new filter or sort is a new list: it starts at the top.
    <QueueTable key={JSON.stringify([w.filter, w.sort])} rows={w.rows.rows} total={w.rows.total ?? 0} sort={w.sort} onSort={w.setSort} active={w.active}
      selection={w.selection} compact={compact} now={w.rows.now} onRangeChange={w.setRange}
      markChanged={(w.facets?.facets.changed.find((c) => c.value === 'no')?.count ?? 0) > 0}
      onRowClick={(index, how) => {
        void w.click(index, how)
        if (!how.shift && !how.toggle && index === w.active) onOpen()
      }} />
  )
}

/**
 * Searches as the clerk types (after a pause, and not while an input method is still
 * composing); `/` focuses it, Esc returns to the queue.
 */
function SearchBox({ inputRef, value, onSearch }: {
  inputRef: React.RefObject<HTMLInputElement | null>
  value: string
  onSearch(text: string): void
}) {
  const [text, setText] = useState(value)
  const [composing, setComposing] = useState(false)
  const search = useRef(onSearch)
  search.current = onSearch
  useEffect(() => setText(value), [value])
  useEffect(() => {
    if (composing) return
    const timer = setTimeout(() => search.current(text.trim()), 250)
    return () => clearTimeout(timer)
  }, [text, composing])
  return (
    <input ref={inputRef} type="search" className="queue-search" value={text} aria-label="搜尋姓名、學號或原因"
      placeholder="搜尋姓名、學號或原因（/）" onChange={(e) => setText(e.target.value)}
      onCompositionStart={() => setComposing(true)} onCompositionEnd={() => setComposing(false)} />
  )
}
