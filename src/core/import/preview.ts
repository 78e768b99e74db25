import { formatDate, formatDateTime } from '../../shared/dates'
import { maskNationalId, maskNationalIdsIn } from '../../shared/nationalId'
import {
  CADRE_LEVEL_LABELS,
  CONFIRMATION_STATE_LABELS,
  CREDIT_COUNTED_LABELS,
  ERROR_TYPE_LABELS,
  KIND_LABELS,
  PASS_STATE_LABELS,
} from '../../shared/domain'
import { fieldSpec } from './headers'
import { readFields, type SheetContext } from './kinds/fields'
import { cellText, type Cell } from './values/cells'
import { confirmationState } from './values/codes'

export const PREVIEW_ROWS = 8


const ENUM_LABELS: Record<string, Record<string, string>> = {
  pass: PASS_STATE_LABELS,
  credit: CREDIT_COUNTED_LABELS,
  cadreLevel: CADRE_LEVEL_LABELS,
  kind: KIND_LABELS,
  errorType: ERROR_TYPE_LABELS,
}

/** A normalised value as the user should see it: the meaning read, not the code written. */
function display(type: string, value: unknown, cell: Cell): string | number | null {
  if (value === null || value === undefined) return null
  if (type === 'nationalId') return maskNationalId(String(value))
  if (type === 'date') return formatDate(String(value))
  if (type === 'dateTime') return formatDateTime(String(value))
  if (type === 'state') {
    const state = confirmationState(cell)
    return state.ok ? CONFIRMATION_STATE_LABELS[state.value] : maskNationalIdsIn(cellText(cell))
  }
  const labels = ENUM_LABELS[type]
  if (labels) return labels[String(value)] ?? String(value)
  return typeof value === 'number' ? value : String(value)
}

/** The first rows, normalised, in the mapped columns (and, for 多元表現, every column). */
export function previewOf(ctx: SheetContext, rows: { row: number; cells: Cell[] }[]) {
  const shown = ctx.columns.filter((c) => c.field !== null || (ctx.shape === 'performance' && c.header))
  const fields = shown.map((c) => ({ field: c.field ?? `column:${c.index}`, label: c.field ? (fieldSpec(ctx.shape, c.field)?.label ?? c.header) : c.header }))
  return {
    fields,
    rows: rows.map(({ row, cells }) => {
      const values = readFields(cells, ctx, [])
      return {
        row,
        values: shown.map((c) => {
          const cell = cells[c.index] ?? null
          if (!c.field) return maskNationalIdsIn(cellText(cell).trim()) || null
          const type = fieldSpec(ctx.shape, c.field)?.type ?? 'text'
          // A cell that did not read is shown as written, so the user sees what is wrong.
          return c.field in values ? display(type, values[c.field], cell) : maskNationalIdsIn(cellText(cell).trim()) || null
        }),
      }
    }),
  }
}
