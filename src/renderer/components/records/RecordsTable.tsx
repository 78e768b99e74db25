import type { StudentRecords } from '../../../shared/contract/records'
import { KIND_LABELS } from '../../../shared/domain'
import { isSchoolYear, termName } from '../../../shared/terms'
import { useDateFormat } from '../../useDateFormat'
import { columnsOf } from './recordColumns'
import './records.css'

/**
 * A student's submitted records of one kind, as the central database holds them, with the
 * rows the report's reasons mention highlighted (and the cells they question outlined).
 * Reused by 學生查詢.
 */
export function RecordsTable({ records, caption, showTerm }: { records: StudentRecords; caption?: string; showTerm?: boolean }) {
  const columns = columnsOf(records)
  const dates = useDateFormat()
  const rows = records.rows as { id: number; term: string; match: { mentions: string[]; cells: string[] } | null }[]
  const matched = rows.filter((r) => r.match).length
  const withTerm = showTerm || rows.some((r) => r.term !== rows[0].term || isSchoolYear(r.term))
  return (
    <div className="records">
      <div className="records-caption">
        {caption ?? `已提交的${KIND_LABELS[records.kind]}`}（{rows.length} 筆）
        {matched > 0 && <span className="records-matched">回報提到 {matched} 筆（標示）</span>}
      </div>
      {rows.length === 0 ? (
        <p className="hint">中央資料庫沒有這位學生這一類的資料（可能尚未匯入）。</p>
      ) : (
        <table className="grid records-table">
          <thead>
            <tr>
              {withTerm && <th scope="col">學期</th>}
              {columns.map((c) => (
                <th key={c.id} scope="col" className={c.numeric ? 'num' : undefined}>{c.header}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className={row.match ? 'matched' : undefined} data-matched={row.match ? 'true' : undefined}
                title={row.match ? `回報提到：${row.match.mentions.join('、')}` : undefined}>
                {withTerm && <td>{isSchoolYear(row.term) ? termName(row.term) : row.term}</td>}
                {columns.map((c) => {
                  const questioned = c.cellKey && row.match?.cells.includes(c.cellKey)
                  const classes = [c.numeric && 'num', questioned && 'questioned'].filter(Boolean).join(' ')
                  return (
                    <td key={c.id} className={classes || undefined}>{c.cell(row as never, dates)}</td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
