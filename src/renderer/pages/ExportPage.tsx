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
        <label htmlFor="export-section">處室組別</label>
        <select id="export-section" value={section} onChange={(e) => setSection(e.target.value as Section | '')}>
          <option value="">全部組別</option>
          {SECTIONS.map((s) => (
            <option key={s} value={s}>{SECTION_LABELS[s]}</option>
          ))}
        </select>
        {itemFilters && (
          <>
            <label htmlFor="export-kind">項目</label>
            <select id="export-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind | '')}>
              <option value="">全部項目</option>
              {KINDS.map((k) => (
                <option key={k} value={k}>{KIND_LABELS[k]}</option>
              ))}
            </select>
            <label htmlFor="export-status">處理狀態</label>
            <select id="export-status" value={status} onChange={(e) => setStatus(e.target.value as ItemStatus | '')}>
              <option value="">全部狀態</option>
              {ITEM_STATUSES.map((s) => (
                <option key={s} value={s}>{ITEM_STATUS_LABELS[s]}</option>
              ))}
            </select>
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
