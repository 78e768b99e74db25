import { useMemo, useState } from 'react'
import type { ClassConfirmation, KindErrorCount, TrendPoint } from '../../../shared/contract/dashboard'
import { Chart } from '../../components/Chart'
import { useDateFormat } from '../../useDateFormat'
import { classRateOption, kindErrorOption, trendOption } from './chartOptions'

export function KindErrorPanel({ counts }: { counts: KindErrorCount[] }) {
  const option = useMemo(() => kindErrorOption(counts), [counts])
  const total = counts.reduce((n, c) => n + c.count, 0)
  return (
    <section className="panel dash-panel" aria-label="各類資料錯誤類型">
      <h2>各類資料 × 錯誤類型</h2>
      {total === 0 ? <p className="hint">尚無錯誤回報。</p> : <Chart option={option} height={230} label={`各類資料的錯誤回報共 ${total} 項，依錯誤類型分列`} />}
    </section>
  )
}

export function TrendPanel({ points }: { points: TrendPoint[] }) {
  const dates = useDateFormat()
  const option = useMemo(() => trendOption(points, dates), [points, dates])
  const last = points.at(-1)
  return (
    <section className="panel dash-panel" aria-label="未確認學生趨勢">
      <h2>未確認學生（每次匯入後）</h2>
      {points.length === 0 ? (
        <p className="hint">每次匯入收訖確認結果後，這裡會記下仍有未確認項目的學生人數（相隔不到一小時匯入的幾個檔案算同一次）。</p>
      ) : (
        <Chart option={option} height={230}
          label={`未確認學生人數，${points.length} 次匯入，最近一次 ${last!.unconfirmedStudents} 人`} />
      )}
    </section>
  )
}

/** The classes to chase first; all of them on request. */
const FIRST_CLASSES = 15

export function ClassRatePanel({ classes }: { classes: ClassConfirmation[] }) {
  const [all, setAll] = useState(false)
  const shown = all ? classes : classes.slice(0, FIRST_CLASSES)
  const option = useMemo(() => classRateOption(shown), [shown])
  const pending = classes.filter((c) => c.unconfirmed > 0).length
  return (
    <section className="panel dash-panel class-panel" aria-label="各班確認完成率">
      <header className="panel-head">
        <h2>各班確認完成率</h2>
        <span className="hint">{pending} 班尚有未確認，完成率低者在上</span>
      </header>
      {classes.length === 0 ? (
        <p className="hint">匯入學生名冊與收訖確認結果後，這裡會依班級列出確認完成率。</p>
      ) : (
        <>
          <Chart option={option} height={shown.length * 24 + 12}
            label={`各班確認完成率，由低至高：${shown.slice(0, 5).map((c) => `${c.className} 班 ${Math.floor(c.rate * 100)}%`).join('、')}`} />
          {classes.length > FIRST_CLASSES && (
            <button type="button" className="link-button" onClick={() => setAll(!all)}>
              {all ? `只顯示最低的 ${FIRST_CLASSES} 班` : `顯示全部 ${classes.length} 班`}
            </button>
          )}
        </>
      )}
    </section>
  )
}
