import type { SectionProgress as Progress } from '../../../shared/contract/dashboard'
import {
  DEADLINE_STATE_COLORS, ITEM_STATUS_COLORS, ITEM_STATUS_LABELS, SECTION_LABELS, type ItemStatus,
} from '../../../shared/domain'

/** The order the bar reads in: the workflow from left to right, disputes last. */
const BAR_ORDER: ItemStatus[] = ['new', 'checking', 'corrected', 'resubmitted', 'closed', 'noChange', 'disputed']

export function SectionProgressPanels({ sections, mine }: { sections: Progress[]; mine: string | null }) {
  return (
    <div className="section-cards">
      {sections.map((s) => <SectionCard key={s.section} progress={s} mine={s.section === mine} />)}
    </div>
  )
}

/** One section: a stacked bar of its items by status, in the status colours, with counts. */
function SectionCard({ progress, mine }: { progress: Progress; mine: boolean }) {
  const { section, total, counts, overdue, dueToday, vanished } = progress
  const open = counts.new + counts.checking + counts.disputed
  return (
    <section className={`panel dash-panel section-card${mine ? ' mine' : ''}`} aria-label={SECTION_LABELS[section]} data-section={section}>
      <header className="section-head">
        <h2>{SECTION_LABELS[section]}{mine && <span className="mine-tag">本組</span>}</h2>
        <span className="section-total">共 <b>{total}</b> 項・待處理 <b>{open}</b></span>
      </header>
      {total === 0 ? (
        <div className="stack-bar empty" aria-label="尚無回報">尚無回報</div>
      ) : (
        <div className="stack-bar" role="img" aria-label={BAR_ORDER.map((s) => `${ITEM_STATUS_LABELS[s]} ${counts[s]}`).join('、')}>
          {BAR_ORDER.filter((s) => counts[s] > 0).map((s) => (
            <span key={s} className="stack-segment" style={{ flexGrow: counts[s], background: ITEM_STATUS_COLORS[s].ink }}
              title={`${ITEM_STATUS_LABELS[s]} ${counts[s]} 項`} />
          ))}
        </div>
      )}
      <ul className="status-legend">
        {BAR_ORDER.map((s) => (
          <li key={s} className={counts[s] ? undefined : 'zero'} data-status={s}>
            <i style={{ background: ITEM_STATUS_COLORS[s].ink }} />
            <span>{ITEM_STATUS_LABELS[s]} <b>{counts[s]}</b></span>
          </li>
        ))}
      </ul>
      <div className="section-sla">
        <span style={{ color: overdue ? DEADLINE_STATE_COLORS.overdue.ink : undefined }}>已逾期 <b>{overdue}</b></span>
        <span style={{ color: dueToday ? DEADLINE_STATE_COLORS.dueToday.ink : undefined }}>今日到期 <b>{dueToday}</b></span>
        {vanished > 0 && <span className="muted" title="較新的匯出檔已不再列出這些回報">已自匯出檔消失 {vanished}</span>}
      </div>
    </section>
  )
}
