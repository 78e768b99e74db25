import type { StagedSheet } from '../../../shared/contract/import'

/** The first rows as they will be imported (normalised: codes read, dates in ROC, IDs masked). */
export function PreviewTable({ sheet }: { sheet: StagedSheet }) {
  if (!sheet.preview.length) return null
  return (
    <div className="table-scroll">
      <table className="grid preview" aria-label={`工作表「${sheet.name}」前幾列預覽`}>
        <thead>
          <tr>
            <th>列</th>
            {sheet.previewFields.map((f) => <th key={f.field}>{f.label}</th>)}
          </tr>
        </thead>
        <tbody>
          {sheet.preview.map((row) => (
            <tr key={row.row}>
              <td className="num">{row.row}</td>
              {row.values.map((value, i) => <td key={i}>{value ?? ''}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
