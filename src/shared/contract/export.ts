import { z } from 'zod'
import { DATE_STYLES, ITEM_STATUSES, KINDS, SECTIONS } from '../domain'
import { call } from './define'

/** The Excel workbooks Receipt Desk writes (issue 5). */
export const WORKBOOKS = ['worklist', 'summary', 'unconfirmed', 'recheck', 'replies'] as const
export type WorkbookKind = (typeof WORKBOOKS)[number]

export const WORKBOOK_LABELS: Record<WorkbookKind, { title: string; audience: string }> = {
  worklist: { title: '回報工作清單', audience: '承辦人與組長：本組每一筆回報的處理情形。' },
  summary: { title: '進度摘要', audience: '校長、主任：各組處理進度、各班確認情形與逾期件數，附核章欄。' },
  unconfirmed: { title: '未確認學生名單', audience: '導師：每班一頁，列出仍未確認的學生與項目。' },
  recheck: { title: '再確認通知', audience: '導師轉知學生：已重新提交的項目與再確認期間，每班一頁。' },
  replies: { title: '回報答覆一覽', audience: '告知學生：每一筆回報的處理狀態與學校答覆。' },
}

/** Which workbooks carry a filter by kind and status (the item lists). */
export const WORKBOOKS_WITH_ITEM_FILTERS: readonly WorkbookKind[] = ['worklist', 'replies']
/** Which workbooks have a national-ID column at all (masked unless asked for). */
export const WORKBOOKS_WITH_NATIONAL_ID: readonly WorkbookKind[] = ['worklist']

export const exportOptionsSchema = z.object({
  workbook: z.enum(WORKBOOKS),
  /** Omitted = all three sections. */
  section: z.enum(SECTIONS).optional(),
  kind: z.enum(KINDS).optional(),
  status: z.enum(ITEM_STATUSES).optional(),
  /** Omitted = the date style chosen in 設定. */
  dateStyle: z.enum(DATE_STYLES).optional(),
  includeFullNationalId: z.boolean().default(false),
})
export type ExportOptions = z.output<typeof exportOptionsSchema>

/** What a finished export job returns. */
export interface ExportResult {
  path: string
  /** Data rows written, over all sheets (title, header and sign-off rows not counted). */
  rows: number
  sheets: string[]
}

export type ExportStart = { state: 'started'; jobId: string; path: string } | { state: 'cancelled' }

/** What there is to export, so the page can say what to import first. */
export interface ExportOverview {
  students: number
  confirmations: number
  reportItems: number
  roundName: string | null
}

export const exportCalls = {
  /** Asks for a save path (native dialog), then writes the workbook as a job. */
  'export.run': call(exportOptionsSchema).returns<ExportStart>(),
  'export.overview': call(z.object({})).returns<ExportOverview>(),
}
