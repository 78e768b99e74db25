import { ERROR_TYPE_LABELS, ITEM_STATUS_LABELS, KIND_LABELS, SECTION_LABELS } from '../../../shared/domain'
import { type WorkbookSource, type ItemRow, itemSource, reasonOf } from '../items'
import { scopeNotes, type ExportScope } from '../scope'
import type { Column } from '../sheet'
import { widestOf } from '../style'
import type { WorkbookPlan } from './plan'

/** Each reported item with the school's reply (答覆): what students are told. */
export async function replies(ctx: WorkbookSource, scope: ExportScope): Promise<WorkbookPlan> {
  const { options } = scope
  const source = itemSource(ctx, {
    section: options.section,
    kind: options.kind,
    statuses: options.status ? [options.status] : undefined,
    roundId: scope.itemRoundId,
    // A report the latest export no longer lists was withdrawn: there is nothing to tell.
    liveOnly: true,
  })
  const w = await source.widths()
  const columns: Column<ItemRow>[] = [
    { header: '班級', value: (r) => r.class_name, contentWidth: w.class_name },
    { header: '座號', value: (r) => r.seat, contentWidth: w.seat },
    { header: '學號', value: (r) => r.student_no, contentWidth: w.student_no },
    { header: '姓名', value: (r) => r.name, contentWidth: w.name },
    { header: '項目', value: (r) => KIND_LABELS[r.kind], contentWidth: widestOf(KIND_LABELS) },
    { header: '學期', value: (r) => r.term, contentWidth: w.term },
    { header: '錯誤類別', value: (r) => ERROR_TYPE_LABELS[r.error_type], contentWidth: widestOf(ERROR_TYPE_LABELS) },
    { header: '回報內容', kind: 'wrap', value: reasonOf, contentWidth: w.reason },
    { header: '處理狀態', kind: 'status', value: (r) => r.status, contentWidth: widestOf(ITEM_STATUS_LABELS) },
    { header: '學校答覆', kind: 'wrap', value: (r) => r.reply, contentWidth: w.reply },
    { header: '負責組別', value: (r) => SECTION_LABELS[r.section], contentWidth: widestOf(SECTION_LABELS) },
  ]
  const title = `回報答覆一覽（${scope.sectionLabel}）`
  return {
    title,
    total: await source.count(),
    sheets: [
      {
        name: '回報答覆',
        title,
        notes: scopeNotes(scope, ['尚未答覆的回報，「學校答覆」欄為空白。']),
        blocks: [{ columns, rows: source.rows, emptyText: '（沒有符合條件的回報）' }],
        list: true,
        signOff: false,
        landscape: true,
      },
    ],
  }
}
