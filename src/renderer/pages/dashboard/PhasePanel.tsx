import type { DashboardOverview } from '../../../shared/contract/dashboard'
import { PHASE_END_LABELS, PHASE_LABELS, type PhaseSpan } from '../../../shared/contract/rounds'
import { formatMonthDayTime, useDateFormat } from '../../useDateFormat'
import { Countdown } from './Countdown'

/** Where the round stands: the phase, the time left in it, and the whole calendar at a glance. */
export function PhasePanel({ overview, fetchedAt, onElapsed }: {
  overview: DashboardOverview
  fetchedAt: number
  onElapsed: () => void
}) {
  const { phase, schedule, now, round, totals, sections } = overview
  const { formatDateTime } = useDateFormat()
  const overdue = sections.reduce((n, s) => n + s.overdue, 0)
  const dueToday = sections.reduce((n, s) => n + s.dueToday, 0)
  return (
    <section className="panel dash-panel phase-panel" aria-label="目前階段">
      <div className="phase-now">
        <div className="phase-round">{round.name}</div>
        <div className="phase-name" data-testid="phase-name">{PHASE_LABELS[phase.phase]}</div>
        {phase.end ? (
          <div className="phase-countdown">
            {PHASE_END_LABELS[phase.phase]}{' '}
            <Countdown end={phase.end} serverNow={now} fetchedAt={fetchedAt} onElapsed={onElapsed} />
            <span className="phase-end">（{formatDateTime(phase.end)}）</span>
          </div>
        ) : (
          <div className="phase-countdown">已於 {formatDateTime(phase.start)} 結束</div>
        )}
      </div>
      <Timeline schedule={schedule} current={phase} />
      {totals.students + totals.items > 0 && <dl className="kpis">
        <div><dt>未確認學生</dt><dd data-testid="kpi-unconfirmed">{totals.unconfirmedStudents}<small> / {totals.students} 人</small></dd></div>
        <div><dt>錯誤回報</dt><dd>{totals.items}<small> 項</small></dd></div>
        <div className={overdue ? 'kpi-overdue' : undefined}><dt>已逾期</dt><dd data-testid="kpi-overdue">{overdue}<small> 項</small></dd></div>
        <div className={dueToday ? 'kpi-due' : undefined}><dt>今日到期</dt><dd>{dueToday}<small> 項</small></dd></div>
      </dl>}
    </section>
  )
}

/** The round's windows in order, the current one marked; gaps are drawn narrow. */
function Timeline({ schedule, current }: { schedule: PhaseSpan[]; current: PhaseSpan }) {
  const shown = schedule.filter((s) => s.phase !== 'before' && s.phase !== 'after')
  const currentIndex = schedule.findIndex((s) => s.phase === current.phase)
  return (
    <ol className="timeline" aria-label="梯次時程">
      {shown.map((span) => {
        const index = schedule.indexOf(span)
        const state = index < currentIndex ? 'past' : index === currentIndex ? 'current' : 'future'
        const gap = span.phase === 'afterConfirm' || span.phase === 'afterFix'
        return (
          <li key={span.phase} className={`timeline-step ${state}${gap ? ' gap' : ''}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="timeline-label">{gap ? '' : PHASE_LABELS[span.phase]}</span>
            {!gap && <span className="timeline-dates">{shortTime(span.start!)} –<br />{shortTime(span.end!)}</span>}
          </li>
        )
      })}
    </ol>
  )
}

/** '10/07 08:00'; a window edge at midnight (00:00 or 23:59) reads as the date alone. */
function shortTime(ts: string): string {
  const text = formatMonthDayTime(ts)
  return /\b(00:00|23:59)$/.test(text) ? text.slice(0, 5) : text
}
