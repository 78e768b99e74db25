import { useState } from 'react'
import { IMPORT_SHAPE_LABELS, inImportOrder, type BulkImportResult, type StagedFile } from '../../../shared/contract/import'
import { useCallMutation } from '../../api'
import { Notice } from '../../components/Notice'
import { ProgressBar } from '../../components/ProgressBar'
import { useJob } from './useJob'

const STATUS_TEXT: Record<StagedFile['status'], string> = {
  analysing: '分析中', ready: '待匯入', refused: '無法匯入', queued: '等待中', importing: '匯入中', imported: '已匯入',
}

/**
 * 「全部匯入」: the staged files in the order they will go in (the rule is IMPORT_ORDER, shared
 * with core), the one choice the user must make up front — what to do with rows that have
 * problems — and, while it runs, how many files are done.
 */
export function BulkImport({ files }: { files: StagedFile[] }) {
  const [importRest, setImportRest] = useState(false)
  const [jobId, setJobId] = useState<string | null>(null)
  const start = useCallMutation('import.commitAll')
  const job = useJob(jobId, true)
  const ordered = inImportOrder(files)
  const pending = ordered.filter((f) => f.status !== 'imported')
  const running = start.isPending || job?.state === 'running' || files.some((f) => f.status === 'queued' || f.status === 'importing')
  const analysing = files.some((f) => f.status === 'analysing')
  if (files.length < 2 && !jobId) return null

  const withProblems = pending.filter((f) => f.status === 'ready' && f.problemRows > 0)
  const result = job?.state === 'done' ? (job.result as BulkImportResult) : null
  return (
    <section className="panel bulk-import" aria-label="全部匯入">
      <header className="bulk-head">
        <h2>全部匯入</h2>
        <button type="button" className="primary" disabled={running || analysing || pending.length === 0}
          onClick={() => start.mutate({ importRest }, { onSuccess: (r) => setJobId(r.jobId) })}>
          {pending.length ? `全部匯入（${pending.length} 個檔案）` : '已全部匯入'}
        </button>
        <span className="hint">{analysing ? '請等所有檔案分析完成。' : '依下列順序逐一匯入，每個檔案各自列出結果；遇到無法匯入的檔案就停下。'}</span>
      </header>
      <table className="grid bulk-table" aria-label="匯入順序">
        <thead>
          <tr><th className="num">順序</th><th>檔案</th><th>類型</th><th>狀態</th><th>結果</th></tr>
        </thead>
        <tbody>
          {ordered.map((f, i) => (
            <tr key={f.id} data-status={f.status}>
              <td className="num">{i + 1}</td>
              <td className="bulk-name">{f.fileName}</td>
              <td className="bulk-kind">{f.shape ? IMPORT_SHAPE_LABELS[f.shape] : '未辨識'}</td>
              <td><span className="bulk-status">{STATUS_TEXT[f.status]}</span></td>
              <td className="bulk-outcome"><Outcome file={f} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset className="bulk-choice" disabled={running}>
        <legend>檔案中有問題的資料列時</legend>
        <label>
          <input type="radio" name="bulk-problems" checked={!importRest} onChange={() => setImportRest(false)} />
          停在該檔案，由我檢視問題清單後再決定
        </label>
        <label>
          <input type="radio" name="bulk-problems" checked={importRest} onChange={() => setImportRest(true)} />
          略過有問題的列，其餘照常匯入（略過的列會列在該檔的匯入結果中）
        </label>
      </fieldset>
      {withProblems.length > 0 && !running && (
        <p className="hint">
          目前有 {withProblems.length} 個檔案含有問題的列。
          {pending.some((f) => f.shape === 'roster') && '名冊會最先匯入；紀錄檔中「名冊中沒有」的學生，多半在名冊匯入後就不再是問題。'}
        </p>
      )}
      {running && (
        <ProgressBar label={job?.progress.label ?? '準備匯入'} done={job?.progress.done ?? 0} total={job?.progress.total ?? null} />
      )}
      {start.error && <Notice tone="error">{start.error.message}</Notice>}
      {job?.state === 'failed' && <Notice tone="error">{job.error.message}</Notice>}
      {result && !running && <BulkResult result={result} />}
    </section>
  )
}

/** One line per file: what its import did, or what stands in its way. */
function Outcome({ file }: { file: StagedFile }) {
  const n = (count: number) => count.toLocaleString('zh-TW')
  const s = file.summary
  if (file.status === 'imported' && s) {
    const parts = [`新增 ${n(s.added)}`, `更新 ${n(s.updated)}`, `未變更 ${n(s.unchanged)}`]
    if (s.vanished) parts.push(`${s.fileKind === 'confirmation' ? '回報消失' : '移除'} ${n(s.vanished)}`)
    return <>{parts.join('・')}{s.skipped > 0 && <span className="warn-text">・略過 {n(s.skipped)}</span>}</>
  }
  if (file.status === 'refused') return <span className="warn-text">{file.message}</span>
  if (file.status === 'ready' && file.problemRows > 0) return <span className="warn-text">{n(file.problemRows)} 列有問題</span>
  return null
}

function BulkResult({ result }: { result: BulkImportResult }) {
  const done = `已依序匯入 ${result.imported.length} 個檔案`
  if (!result.stoppedAt) return <Notice tone="success">{done}，各檔的結果見下方。</Notice>
  return (
    <Notice tone="warning">
      {done}，在「{result.stoppedAt.fileName}」停下：{result.stoppedAt.message}
      {result.notReached > 0 && `其後 ${result.notReached} 個檔案尚未匯入；處理這個檔案後，再按「全部匯入」繼續。`}
    </Notice>
  )
}
