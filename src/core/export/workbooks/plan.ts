import type { SheetSpec } from '../sheet'

/** What a workbook builder hands the writer: its sheets, in order, and how many rows. */
export interface WorkbookPlan {
  /** The workbook's title (document properties). */
  title: string
  /** Data rows over all sheets, for the progress bar. */
  total: number
  sheets: SheetSpec[]
}
