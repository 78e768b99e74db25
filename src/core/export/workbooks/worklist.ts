import {
  ERROR_TYPE_LABELS,
  ITEM_STATUS_LABELS,
  KIND_LABELS,
  RESOLUTION_LABELS,
  SECTION_LABELS,
} from '../../../shared/domain'
import { type WorkbookSource, handEntryMark, type ItemRow, itemSource } from '../items'
import { maskNationalId } from '../../../shared/nationalId'
import { scopeNotes, type ExportScope } from '../scope'
import type { Column } from '../sheet'
import { displayWidth, widestOf } from '../style'
import type { WorkbookPlan } from './plan'

/** A section's report items with everything done about them: the clerk's own list. */
export async function worklist(ctx: WorkbookSource, scope: ExportScope): Promise<WorkbookPlan> {
  const { options } = scope
  const source = itemSource(ctx, {
    section: options.section,
    kind: options.kind,
    statuses: options.status ? [options.status] : undefined,
    roundId: scope.itemRoundId,
  })
  const w = await source.widths()
  const nationalId = options.includeFullNationalId ? (id: string | null) => id ?? '' : maskNationalId
  const columns: Column<ItemRow>[] = [
    ...(options.section
      ? []
      : [{ header: '負責組別', value: (r: ItemRow) => SECTION_LABELS[r.section], contentWidth: widestOf(SECTION_LABELS) }]),
    { header: '班級', value: (r) => r.class_name, contentWidth: w.class_name },
    { header: '座號', value: (r) => r.seat, contentWidth: w.seat },
    { header: '學號', value: (r) => r.student_no, contentWidth: w.student_no },
    { header: '姓名', value: (r) => r.name, contentWidth: w.name },
    { header: '身分證號', value: (r) => nationalId(r.national_id), contentWidth: w.national_id },
    { header: '項目', value: (r) => KIND_LABELS[r.kind], contentWidth: widestOf(KIND_LABELS) },
    { header: '學期', value: (r) => r.term, contentWidth: w.term },
    { header: '錯誤類別', value: (r) => ERROR_TYPE_LABELS[r.error_type], contentWidth: widestOf(ERROR_TYPE_LABELS) },
    { header: '回報內容', kind: 'wrap', maxWidth: 24, value: (r) => r.reason, contentWidth: w.reason },
    // What the student's records say about it (core/hints): 資料中已有體育（69 分，及格）.
    { header: '提示', kind: 'wrap', maxWidth: 24, value: (r) => r.hint, contentWidth: w.hint },
    { header: '處理狀態', kind: 'status', value: (r) => r.status, contentWidth: widestOf(ITEM_STATUS_LABELS) },
    {
      header: '免修正原因', kind: 'wrap', maxWidth: 24, value: resolutionText,
      contentWidth: widestOf(RESOLUTION_LABELS) + 1 + w.resolution_note,
    },
    { header: '答覆', kind: 'wrap', maxWidth: 24, value: (r) => r.reply, contentWidth: w.reply },
    { header: '重新提交時間', kind: 'dateTime', value: (r) => r.resubmitted_at },
    { header: '重新提交者', value: (r) => r.resubmitted_by, contentWidth: w.resubmitted_by },
    { header: '最後備註', kind: 'wrap', maxWidth: 24, value: (r) => r.last_note, contentWidth: w.last_note },
    { header: '最後異動', kind: 'dateTime', value: (r) => r.updated_at },
    { header: '異動者', value: (r) => r.updated_by, contentWidth: w.updated_by },
    // The clerk's list keeps a report a newer export no longer lists, and says so; and marks one entered by hand.
    { header: '匯入註記', value: (r) => (r.vanished_at ? VANISHED : handEntryMark(r.channel)), contentWidth: displayWidth(VANISHED) },
  ]
  const title = `回報工作清單（${scope.sectionLabel}）`
  return {
    title,
    total: await source.count(),
    sheets: [
      {
        name: '回報工作清單',
        title,
        notes: scopeNotes(scope),
        blocks: [{ columns, rows: source.rows, emptyText: '（沒有符合條件的回報）' }],
        list: true,
        signOff: true,
        landscape: true,
      },
    ],
  }
}

const VANISHED = '最新匯出檔已無此回報'

export function resolutionText(r: Pick<ItemRow, 'resolution' | 'resolution_note'>): string {
  if (!r.resolution) return r.resolution_note ?? ''
  const label = RESOLUTION_LABELS[r.resolution]
  return r.resolution_note ? `${label}：${r.resolution_note}` : label
}
