import { keepPreviousData } from '@tanstack/react-query'
import { useState } from 'react'
import { SECTION_LABELS, SECTIONS, type Section } from '../../shared/domain'
import { useCallQuery } from '../api'
import { EmptyState } from '../components/EmptyState'
import { Notice } from '../components/Notice'
import { PageHeader } from '../components/PageHeader'
import { hrefOf } from '../routes'
import { ClassRatePanel, KindErrorPanel, TrendPanel } from './dashboard/ChartPanels'
import { PhasePanel } from './dashboard/PhasePanel'
import { SectionProgressPanels } from './dashboard/SectionProgress'
import { TodayPanel } from './dashboard/TodayPanel'
import './dashboard/dashboard.css'

/** 總覽: on any morning of the round, what phase it is, how far each section is, which classes to chase, what is late. */
export function DashboardPage() {
  const settings = useCallQuery('settings.get', {})
  const rounds = useCallQuery('rounds.list', {})
  const [roundId, setRoundId] = useState<number | undefined>(undefined)
  const [section, setSection] = useState<Section | '' | null>(null)
  // The "today" lists open on this PC's section; anyone can widen them to all.
  const shownSection = section ?? settings.data?.section ?? ''
  const overview = useCallQuery('dashboard.overview', { roundId, section: shownSection || undefined }, {
    enabled: settings.data !== undefined,
    refetchInterval: 60_000,
    // Keep the page (and what is expanded on it) while another round or section loads.
    placeholderData: keepPreviousData,
  })

  return (
    <>
      <PageHeader title="總覽">
        {rounds.data && rounds.data.length > 1 && (
          <span className="inline-field">
            <label htmlFor="dashboard-round">梯次</label>
            <select id="dashboard-round" value={roundId ?? rounds.data.find((r) => r.isCurrent)?.id ?? ''} onChange={(e) => setRoundId(Number(e.target.value))}>
              {rounds.data.map((r) => <option key={r.id} value={r.id}>{r.name}{r.isCurrent ? '（目前）' : ''}</option>)}
            </select>
          </span>
        )}
        <span className="inline-field">
          <label htmlFor="dashboard-section">待辦組別</label>
          <select id="dashboard-section" value={shownSection} onChange={(e) => setSection(e.target.value as Section | '')}>
            <option value="">全部組別</option>
            {SECTIONS.map((s) => <option key={s} value={s}>{SECTION_LABELS[s]}</option>)}
          </select>
        </span>
      </PageHeader>
      {overview.error && <Notice tone="error">{overview.error.message}</Notice>}
      {overview.data && (
        <div className="dashboard">
          <PhasePanel overview={overview.data} fetchedAt={overview.dataUpdatedAt} onElapsed={() => overview.refetch()} />
          {isEmpty(overview.data.totals) ? (
            <GettingStarted operatorName={settings.data?.operatorName ?? null} />
          ) : (
            <>
              <SectionProgressPanels sections={overview.data.sections} mine={settings.data?.section ?? null} />
              <div className="dash-columns">
                <div className="dash-main">
                  <TodayPanel today={overview.data.today} />
                  <div className="dash-charts">
                    <KindErrorPanel counts={overview.data.byKindErrorType} />
                    <TrendPanel points={overview.data.trend} />
                  </div>
                </div>
                <ClassRatePanel classes={overview.data.classes} />
              </div>
            </>
          )}
        </div>
      )}
    </>
  )
}

const isEmpty = (t: { rosterStudents: number; students: number; items: number }) => t.rosterStudents + t.students + t.items === 0

function GettingStarted({ operatorName }: { operatorName: string | null }) {
  return (
    <EmptyState title="尚無資料：先做這兩步">
      <ol className="first-steps">
        <li className={operatorName ? 'done' : undefined}>
          到<a href={hrefOf('settings')}>「設定」</a>填寫您的姓名與組別{operatorName && `（已設定：${operatorName}）`}。
        </li>
        <li>
          到<a href={hrefOf('import')}>「匯入」</a>載入學生名冊與收訖確認結果；之後每天匯入最新的匯出檔，總覽會跟著更新。
        </li>
      </ol>
      <p>本梯次的日期與確認學期可在「設定 → 收訖確認梯次」調整。</p>
    </EmptyState>
  )
}
