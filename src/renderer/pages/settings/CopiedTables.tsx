import type { CopiedTable } from '../../../shared/contract/database'
import { Notice } from '../../components/Notice'

/** What 「把這台電腦的資料搬到伺服器」 copied, table by table (the empty ones left out). */
export function CopiedTables({ copied }: { copied: CopiedTable[] }) {
  const rows = copied.filter((c) => c.rows > 0)
  const total = rows.reduce((sum, c) => sum + c.rows, 0)
  return (
    <div className="copied" data-testid="copied-tables">
      <Notice tone="success">
        已把這台電腦的資料搬到伺服器（共 {total.toLocaleString()} 筆）。按「改用學校伺服器」開始使用伺服器上的資料。
      </Notice>
      <table className="grid copied-table" aria-label="搬到伺服器的資料">
        <thead>
          <tr><th>資料</th><th className="num">筆數</th></tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.table}><td>{c.label}</td><td className="num">{c.rows.toLocaleString()}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
