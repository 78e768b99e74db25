import { useEffect, useState, type FormEvent } from 'react'
import {
  WORKBOOK_LABELS,
  WORKBOOKS_WITH_ITEM_FILTERS,
  WORKBOOKS_WITH_NATIONAL_ID,
  type WorkbookKind,
} from '../../shared/contract/export'
import {
  ITEM_STATUS_LABELS,
  ITEM_STATUSES,
  KIND_LABELS,
  KINDS,
  SECTION_LABELS,
  SECTIONS,
  type DateStyle,
  type ItemStatus,
  type Kind,
  type Section,
} from '../../shared/domain'
import { useCallQuery } from '../api'
import { EmptyState } from '../components/EmptyState'
import { Notice } from '../components/Notice'
import { PageHeader } from '../components/PageHeader'
import { ProgressBar } from '../components/ProgressBar'
import { hrefOf } from '../routes'
import './export/export.css'
import { useExportJob } from './export/useExportJob'
import { WorkbookChoice } from './export/WorkbookChoice'

export function ExportPage() {
  const overview = useCallQuery('export.overview', {})
  const settings = useCallQuery('settings.get', {})
  return (
    <>
      <PageHeader title="匯出" />
      {overview.error && <Notice tone="error">{overview.error.message}</Notice>}
      {overview.data && overview.data.students === 0 && overview.data.reportItems === 0 ? (
        <EmptyState title="還沒有可匯出的資料">
          請先到<a href={hrefOf('import')}>「匯入」</a>載入學生名冊與收訖確認結果（含錯誤回報），再回來匯出 Excel 檔。
        </EmptyState>
      ) : (
        overview.data && settings.data && (
          <>
            {!settings.data.schoolName && (
              <Notice tone="warning">
                報表頁首會印出學校名稱，但還沒有設定。請先到<a href={hrefOf('settings')}>「設定」</a>填寫學校名稱，列印出來的報表才有校名。
              </Notice>
            )}
            <ExportForm defaultSection={settings.data.section} defaultDateStyle={settings.data.dateStyle} />
          </>
        )
      )}
    </>
  )
}

function ExportForm({ defaultSection, defaultDateStyle }: { defaultSection: Section | null; defaultDateStyle: DateStyle }) {
  const [workbook, setWorkbook] = useState<WorkbookKind>('worklist')
  const [section, setSection] = useState<Section | ''>(defaultSection ?? '')
  const [kind, setKind] = useState<Kind | ''>('')
  const [status, setStatus] = useState<ItemStatus | ''>('')
  const [dateStyle, setDateStyle] = useState<DateStyle>(defaultDateStyle)
  const [fullId, setFullId] = useState(false)
  const job = useExportJob()
  const itemFilters = WORKBOOKS_WITH_ITEM_FILTERS.includes(workbook)
  const hasId = WORKBOOKS_WITH_NATIONAL_ID.includes(workbook)
  // The full-ID choice is made again for every export, never carried over silently.
  useEffect(() => setFullId(false), [workbook])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    job.start({
      workbook,
      section: section || undefined,
      kind: itemFilters ? kind || undefined : undefined,
      status: itemFilters ? status || undefined : undefined,
      dateStyle,
      includeFullNationalId: hasId && fullId,
    })
  }

  return (
    <form className="panel export-form" onSubmit={submit} aria-label="匯出 Excel 檔">
      <WorkbookChoice value={workbook} onChange={setWorkbook} />
      <div className="export-filters">
        <AnyOf id="export-section" label="處室組別" any="全部組別" values={SECTIONS} labels={SECTION_LABELS} value={section} onChange={setSection} />
        {itemFilters && (
          <>
            <AnyOf id="export-kind" label="項目" any="全部項目" values={KINDS} labels={KIND_LABELS} value={kind} onChange={setKind} />
            <AnyOf id="export-status" label="處理狀態" any="全部狀態" values={ITEM_STATUSES} labels={ITEM_STATUS_LABELS} value={status} onChange={setStatus} />
          </>
        )}
        <label htmlFor="export-date-style">日期格式</label>
        <select id="export-date-style" value={dateStyle} onChange={(e) => setDateStyle(e.target.value as DateStyle)}>
          <option value="roc">民國（114/10/22）</option>
          <option value="gregorian">西元（2025/10/22）</option>
        </select>
        <span>身分證號</span>
        {hasId ? (
          <label className="check">
            <input type="checkbox" checked={fullId} onChange={(e) => setFullId(e.target.checked)} />
            包含完整身分證號
          </label>
        ) : (
          <span className="hint">「{WORKBOOK_LABELS[workbook].title}」不含身分證號。</span>
        )}
        {hasId && !fullId && <span className="hint wide">未勾選時，身分證號會遮蔽為 A12****789。</span>}
        {hasId && fullId && (
          <div className="wide">
            <Notice tone="warning">
              檔案將含完整身分證號，屬個人資料：請只在必要時匯出，妥善保管，勿以電子郵件或雲端隨意分享。
            </Notice>
          </div>
        )}
      </div>
      <div className="export-actions">
        <button type="submit" className="primary" disabled={job.busy}>匯出…</button>
        {job.busy && job.progress && (
          <ProgressBar label={job.progress.label} done={job.progress.done} total={job.progress.total} />
        )}
        {job.cancelled && <span className="hint">已取消，沒有儲存檔案。</span>}
      </div>
      {job.error && <Notice tone="error">{job.error}</Notice>}
      {job.result && (
        <div className="export-result">
          <Notice tone="success">
            已儲存（{job.result.rows.toLocaleString()} 列資料，工作表：{job.result.sheets.join('、')}）：
            <span className="mono" data-testid="export-path">{job.result.path}</span>
          </Notice>
        </div>
      )}
    </form>
  )
}

/** A labelled choice of one value of a list, or all of them (''). */
function AnyOf<V extends string>({ id, label, any, values, labels, value, onChange }: {
  id: string
  label: string
  any: string
  values: readonly V[]
  labels: Record<V, string>
  value: V | ''
  onChange(value: V | ''): void
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as V | '')}>
        <option value="">{any}</option>
        {values.map((v) => (
          <option key={v} value={v}>{labels[v]}</option>
        ))}
      </select>
    </>
  )
}
