import { WORKBOOK_LABELS, WORKBOOKS, type WorkbookKind } from '../../../shared/contract/export'

/** The five workbooks, each with who it is for. */
export function WorkbookChoice({ value, onChange }: { value: WorkbookKind; onChange(w: WorkbookKind): void }) {
  return (
    <fieldset className="workbook-choice">
      <legend>要匯出的檔案</legend>
      {WORKBOOKS.map((w) => (
        <label key={w} className={w === value ? 'workbook-option selected' : 'workbook-option'}>
          <input type="radio" name="workbook" value={w} checked={w === value} onChange={() => onChange(w)} />
          <span className="workbook-title">{WORKBOOK_LABELS[w].title}</span>
          <span className="workbook-audience">{WORKBOOK_LABELS[w].audience}</span>
        </label>
      ))}
    </fieldset>
  )
}
