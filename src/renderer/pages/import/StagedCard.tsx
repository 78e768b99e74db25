import { useState } from 'react'
import { coverageText, FILE_FORMAT_LABELS, IMPORT_SHAPE_LABELS, IMPORT_SHAPES, TERM_SOURCE_LABELS, type ImportShape, type StagedFile, type StagedSheet } from '../../../shared/contract/import'
import { FILE_KIND_LABELS } from '../../../shared/domain'
import { useCallMutation } from '../../api'
import { Notice } from '../../components/Notice'
import { ProgressBar } from '../../components/ProgressBar'
import { useDateFormat } from '../../useDateFormat'
import { ImportResult } from './ImportResult'
import { MappingEditor } from './MappingEditor'
import { PreviewTable } from './PreviewTable'
import { ProblemList } from './ProblemList'
import { termLabel } from '../../../shared/terms'
import { formatCount, formatSize, ORIGIN_LABELS, sheetHasData, termChoices } from './labels'
import { useJob } from './useJob'
import { ZipPassword } from './ZipPassword'

/** One staged file: what it was recognised as, how its columns map, a preview, its problems, and the choice. */
export function StagedCard({ file }: { file: StagedFile }) {
  const busy = file.status === 'analysing' || file.status === 'importing'
  const job = useJob(file.jobId, busy)
  const analyse = useCallMutation('import.analyse')
  const commit = useCallMutation('import.commit')
  const discard = useCallMutation('import.discard')
  const { formatDate, formatDateTime } = useDateFormat()
  const error = analyse.error ?? commit.error ?? discard.error
  const choose = (input: { term?: string | null; shape?: ImportShape; mappings?: Record<string, Record<string, string | null>> }) =>
    analyse.mutate({ stagedId: file.id, ...input })
  const recognisedSheets = file.sheets.filter((s) => s.shape !== null)
  const mappable = file.sheets.filter((s) => s.columns.length > 0)

  return (
    <article className={`panel staged staged-${file.status}`} aria-label={`待匯入：${file.fileName}`}>
      <header className="staged-head">
        <h3 className="staged-name">{file.fileName}</h3>
        <span className="staged-meta">
          {file.fromZip ? `取自「${file.fromZip}」（SHA-256 已核對）` : ORIGIN_LABELS[file.origin]} · {formatSize(file.size)}
          {file.format && ` · ${FILE_FORMAT_LABELS[file.format]}`}{file.encoding && ` · ${file.encoding}`}
        </span>
        {file.fileKind && <span className="kind-badge" data-testid="recognised-kind">{FILE_KIND_LABELS[file.fileKind]}{file.shape === 'confirmationLong' && '（錯誤回報清單）'}</span>}
      </header>

      {busy && (
        <ProgressBar label={job?.progress.label ?? (file.status === 'analysing' ? '分析中' : '匯入中')}
          done={job?.progress.done ?? 0} total={job?.progress.total ?? null} />
      )}

      {file.status === 'imported' && file.summary && <ImportResult summary={file.summary} />}
      {file.status === 'queued' && <Notice tone="info">已排入「全部匯入」，輪到這個檔案時會自動匯入。</Notice>}

      {!busy && file.status !== 'imported' && file.status !== 'queued' && (
        <>
          {file.message && <Notice tone={file.termNeeded || file.zipPassword === 'needed' ? 'warning' : 'error'}>{file.message}</Notice>}
          {file.zipPassword && <ZipPassword file={file} />}
          {file.importError && <Notice tone="error">{file.importError}</Notice>}
          {file.unknownStudents > 0 && (
            <Notice tone="warning">
              有 {formatCount(file.unknownStudents)} 列的學生不在目前的學生名冊中，匯入時會略過。若尚未匯入名冊，請先匯入學生名冊；其餘可能是已轉出的學生。
            </Notice>
          )}
          {file.roundNotice && (
            <Notice tone={file.roundNotice.tone}>{file.roundNotice.text}</Notice>
          )}
          {file.coverage && (
            <div data-testid="coverage"><Notice tone="info">{coverageText(file.coverage, formatDate)}</Notice></div>
          )}
          {file.previousImport && (
            <Notice tone="info">
              內容完全相同的檔案已於 {formatDateTime(file.previousImport.importedAt)} 由 {file.previousImport.operator} 匯入過；再匯入一次不會改變任何資料。
            </Notice>
          )}
          <div className="staged-facts">
            {(file.fileKind || mappable.length > 0) && (
              <label className="inline-field">
                資料類型
                <select value={file.shape ?? ''} onChange={(e) => choose({ shape: e.target.value as ImportShape })} aria-label="資料類型">
                  {!file.shape && <option value="">（請選擇）</option>}
                  {IMPORT_SHAPES.map((s) => <option key={s} value={s}>{IMPORT_SHAPE_LABELS[s]}</option>)}
                </select>
              </label>
            )}
            {file.shape && file.shape !== 'roster' && <TermChooser file={file} onChoose={(term) => choose({ term })} />}
            {file.rows > 0 && (
              <span data-testid="row-counts">
                共 {formatCount(file.rows)} 列
                {file.problemRows > 0 && <>，<strong className="warn-text">{formatCount(file.problemRows)} 列有問題</strong></>}
              </span>
            )}
          </div>

          {(recognisedSheets.length ? file.sheets : mappable).map((sheet, i) => (
            <SheetSection key={sheet.name} sheet={sheet} open={i === 0 || sheet.missingFields.length > 0}
              disabled={analyse.isPending}
              onMap={(index, field) => choose({ mappings: { [sheet.name]: { [index]: field } } })} />
          ))}

          <ProblemList problems={file.problems} total={file.problemRows}
            caption={`有問題的列（${formatCount(file.problemRows)}），匯入時會略過`} />

          <div className="staged-actions">
            {file.status === 'ready' && file.problemRows === 0 && (
              <button className="primary" disabled={commit.isPending} onClick={() => commit.mutate({ stagedId: file.id, importRest: false })}>匯入</button>
            )}
            {file.status === 'ready' && file.problemRows > 0 && (
              <button className="primary" disabled={commit.isPending} onClick={() => commit.mutate({ stagedId: file.id, importRest: true })}>略過有問題的列並匯入</button>
            )}
            <button onClick={() => discard.mutate({ stagedId: file.id })}>取消</button>
          </div>
        </>
      )}
      {file.status === 'imported' && (
        <div className="staged-actions">
          <button onClick={() => discard.mutate({ stagedId: file.id })}>關閉</button>
        </div>
      )}
      {error && <Notice tone="error">{error.message}</Notice>}
    </article>
  )
}

function TermChooser({ file, onChoose }: { file: StagedFile; onChoose: (term: string | null) => void }) {
  const isRecords = file.fileKind !== 'confirmation'
  const [choices] = useState(() => [...new Set([...termChoices(isRecords), ...(file.term ? [file.term] : [])])].sort())
  const fromColumn = file.termSource === 'column'
  const terms = [...new Set(file.sheets.flatMap((s) => s.terms))]
  return (
    <label className="inline-field">
      學年度學期
      {fromColumn ? (
        <span className="term-value">{terms.join('、') || '—'}（{TERM_SOURCE_LABELS.column}）</span>
      ) : (
        <>
          <select value={file.term ?? ''} aria-label="學年度學期" onChange={(e) => onChoose(e.target.value || null)}
            className={file.termNeeded ? 'needs-input' : undefined}>
            {!file.term && <option value="">（請選擇）</option>}
            {choices.map((t) => <option key={t} value={t}>{termLabel(t)}</option>)}
          </select>
          <span className="term-source">來源：{TERM_SOURCE_LABELS[file.termSource]}</span>
        </>
      )}
    </label>
  )
}

function SheetSection({ sheet, open, disabled, onMap }: {
  sheet: StagedSheet
  open: boolean
  disabled: boolean
  onMap: (index: number, field: string | null) => void
}) {
  const summary = sheet.shape
    ? `${IMPORT_SHAPE_LABELS[sheet.shape]} · 標題在第 ${sheet.headerRow} 列 · ${formatCount(sheet.rows)} 列${sheet.problemRows ? `（${sheet.problemRows} 列有問題）` : ''}`
    : '未辨識'
  return (
    <details className="sheet" open={open}>
      <summary>
        <span className="sheet-name">工作表「{sheet.name}」</span>
        <span className={sheetHasData(sheet) ? 'sheet-summary' : 'sheet-summary muted'}>{summary}</span>
      </summary>
      {sheet.note && <Notice tone={sheet.shape ? 'warning' : 'info'}>{sheet.note}</Notice>}
      {sheet.columns.length > 0 && <MappingEditor sheet={sheet} disabled={disabled} onChange={onMap} />}
      <PreviewTable sheet={sheet} />
    </details>
  )
}
