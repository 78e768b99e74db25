import type { RowProblem } from '../../../shared/contract/import'
import { formatCount } from './labels'

/** Rows that will not be imported, each with where it is and why. */
export function ProblemList({ problems, total, caption }: { problems: RowProblem[]; total: number; caption: string }) {
  if (!problems.length) return null
  const sheets = new Set(problems.map((p) => p.sheet)).size
  return (
    <div className="problems">
      <div className="problems-caption">{caption}</div>
      <div className="table-scroll problems-scroll">
        <table className="grid" aria-label={caption}>
          <thead>
            <tr>
              {sheets > 1 && <th>工作表</th>}
              <th>列</th>
              <th>欄位</th>
              <th>問題</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={i}>
                {sheets > 1 && <td>{p.sheet}</td>}
                <td className="num">{p.row}</td>
                <td>{p.column ?? '—'}</td>
                <td>{p.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > problems.length && <div className="hint">只列出前 {formatCount(problems.length)} 個問題，共 {formatCount(total)} 列有問題。</div>}
    </div>
  )
}
