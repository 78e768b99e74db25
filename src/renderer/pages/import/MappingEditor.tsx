import type { StagedSheet } from '../../../shared/contract/import'
import { KEPT_ASIDE } from './labels'

/** One select per source column: which field it fills, or kept aside (not imported). */
export function MappingEditor({ sheet, disabled, onChange }: {
  sheet: StagedSheet
  disabled: boolean
  onChange: (index: number, field: string | null) => void
}) {
  const columns = sheet.columns.filter((c) => c.header !== '')
  const aside = columns.filter((c) => c.field === null).length
  return (
    <div className="mapping" role="group" aria-label={`工作表「${sheet.name}」的欄位對應`}>
      <div className="mapping-caption">
        欄位對應：{columns.length} 欄{aside > 0 && `，其中 ${aside} 欄不匯入（保留在原始資料中）`}
      </div>
      <div className="mapping-grid">
        {columns.map((column) => {
          const id = `map-${sheet.name}-${column.index}`
          return (
            <div key={column.index} className={column.field ? 'mapping-cell' : 'mapping-cell aside'}>
              <label htmlFor={id} title={column.header}>{column.header}</label>
              <select id={id} value={column.field ?? ''} disabled={disabled}
                onChange={(e) => onChange(column.index, e.target.value || null)}>
                <option value="">{KEPT_ASIDE}</option>
                {sheet.fieldOptions.map((f) => (
                  <option key={f.field} value={f.field}>{f.label}{f.required ? '＊' : ''}</option>
                ))}
              </select>
              {column.origin === 'saved' && <span className="mapping-origin">沿用上次的對應</span>}
              {column.origin === 'user' && <span className="mapping-origin">手動指定</span>}
            </div>
          )
        })}
      </div>
    </div>
  )
}
