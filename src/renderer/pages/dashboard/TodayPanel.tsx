import { useState } from 'react'
import type { DashboardOverview, TodayItem, TodayList } from '../../../shared/contract/dashboard'
import { ERROR_TYPE_LABELS, KIND_LABELS } from '../../../shared/domain'
import { DeadlineBadge, formatAge } from '../../components/DeadlineBadge'
import { StatusBadge } from '../../components/StatusBadge'
import { studentHref } from '../students/studentHref'

type ListKey = keyof DashboardOverview['today']
const LISTS: { key: ListKey; label: string; tone: string; empty: string }[] = [
  { key: 'overdue', label: '已逾期', tone: 'overdue', empty: '沒有逾期未查核的回報。' },
  { key: 'dueToday', label: '今日到期', tone: 'due', empty: '今天沒有到期的回報。' },
  { key: 'awaitingResubmit', label: '已修正待提交', tone: 'plain', empty: '沒有已修正但尚未重新提交的回報。' },
  { key: 'disputed', label: '仍有疑義', tone: 'plain', empty: '沒有學生提出疑義。' },
]

/** Today's work, one list at a time; each tab says how many items it holds. */
export function TodayPanel({ today }: { today: DashboardOverview['today'] }) {
  const firstWithItems = LISTS.find((l) => today[l.key].total > 0)?.key ?? 'overdue'
  const [chosen, setChosen] = useState<ListKey | null>(null)
  const active = chosen ?? firstWithItems
  const list = LISTS.find((l) => l.key === active)!
  return (
    <section className="panel dash-panel today-panel" aria-label="今日待辦">
      <header className="panel-head">
        <h2>今日待辦</h2>
        <div className="today-tabs" role="tablist" aria-label="待辦清單">
          {LISTS.map((l) => (
            <button key={l.key} type="button" role="tab" id={`today-tab-${l.key}`} aria-selected={l.key === active}
              aria-controls="today-list" className={`today-tab tone-${l.tone}${today[l.key].total ? ' has-items' : ''}`}
              onClick={() => setChosen(l.key)}>
              {l.label} <b>{today[l.key].total}</b>
            </button>
          ))}
        </div>
      </header>
      <div id="today-list" role="tabpanel" aria-labelledby={`today-tab-${active}`}>
        <TodayTable list={today[active]} empty={list.empty} />
      </div>
    </section>
  )
}

function TodayTable({ list, empty }: { list: TodayList; empty: string }) {
  if (list.total === 0) return <p className="hint today-empty">{empty}</p>
  return (
    <>
      <div className="today-scroll">
        <table className="grid today-table">
          <thead>
            <tr><th>班級座號</th><th>姓名</th><th>項目</th><th>錯誤</th><th>回報內容</th><th>狀態</th><th>期限</th><th>回報至今</th></tr>
          </thead>
          <tbody>
            {list.items.map((item) => <TodayRow key={item.id} item={item} />)}
          </tbody>
        </table>
      </div>
      {list.total > list.items.length && <p className="hint">另有 {list.total - list.items.length} 項，請到「回報處理」依期限排序查看。</p>}
    </>
  )
}

function TodayRow({ item }: { item: TodayItem }) {
  return (
    <tr>
      <td className="nowrap">{item.className} {item.seat}</td>
      <td className="nowrap"><a href={studentHref(item.studentId)}>{item.name}</a></td>
      <td className="nowrap">{KIND_LABELS[item.kind]} {item.term}</td>
      <td className="nowrap">{ERROR_TYPE_LABELS[item.errorType]}</td>
      <td className="reason" title={item.reason}>{item.reason}</td>
      <td><StatusBadge status={item.status} /></td>
      <td><DeadlineBadge deadline={item.deadline} state={item.deadlineState} /></td>
      <td className="nowrap">{formatAge(item.ageHours)}</td>
    </tr>
  )
}
