import { Notice } from '../../components/Notice'
import type { ImportSummary } from '../../../shared/contract/import'
import { ProblemList } from './ProblemList'
import { formatCount } from './labels'

/** How this import can be taken back: its undo on the school's server, the backup of a file. */
function backupText(summary: ImportSummary): string {
  if (summary.undoable) return '在學校伺服器上，下一次匯入之前，您可以在下方「匯入紀錄」復原這次匯入。'
  return summary.backup ? `匯入前已備份資料庫（${summary.backup}）。` : '資料沒有任何變更，未另做備份。'
}

/** What an import did, in the words of the office: added, updated, unchanged, vanished, skipped. */
export function ImportResult({ summary }: { summary: ImportSummary }) {
  const isConfirmation = summary.fileKind === 'confirmation'
  const items = summary.reportItems
  const facts: [string, number, string?][] = [
    ['新增', summary.added],
    ['更新', summary.updated],
    ['未變更', summary.unchanged],
    // A roster never removes a student (they have data); the other kinds say what left the newer export.
    ...(summary.fileKind === 'roster' ? [] : [[isConfirmation ? '回報已消失（已標記）' : '已不在新檔（已移除）', summary.vanished, summary.vanished ? 'warn' : undefined] as [string, number, string?]]),
    ['略過', summary.skipped, summary.skipped ? 'warn' : undefined],
  ]
  return (
    <div className="import-result" role="status" aria-label={`「${summary.fileName}」匯入結果`}>
      <div className="result-title">匯入完成</div>
      <dl className="result-counts">
        {facts.map(([label, n, tone]) => (
          <div key={label} className={tone ? `result-count ${tone}` : 'result-count'}>
            <dt>{label}</dt>
            <dd>{formatCount(n)}</dd>
          </div>
        ))}
      </dl>
      {items && (
        <p className="hint">
          回報項目：新增 {items.added}、理由更新 {items.updated}、未變更 {items.unchanged}、標記消失 {items.vanished}
          {items.returned > 0 && `、重新出現 ${items.returned}`}。處理進度、備註與答覆不受匯入影響。
        </p>
      )}
      {summary.roundNotice && (
        <Notice tone={summary.roundNotice.tone}>{summary.roundNotice.text}</Notice>
      )}
      {summary.unconfirmedStudents !== null && <p className="hint">目前仍有 {formatCount(summary.unconfirmedStudents)} 位學生有未確認的項目。</p>}
      <p className="hint">{backupText(summary)}</p>
      <ProblemList problems={summary.skippedReasons} total={summary.skipped} caption={`略過的列（${formatCount(summary.skipped)}）`} />
    </div>
  )
}
