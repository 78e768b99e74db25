import type { Kysely } from 'kysely'
import { ERROR_TYPE_LABELS, KIND_LABELS, SECTION_LABELS } from '../../../shared/domain'
import type { Database } from '../../db/schema'
import { itemSource, type ItemRow } from '../items'
import { scopeNotes, type ExportScope } from '../scope'
import type { Column } from '../sheet'
import type { WorkbookPlan } from './plan'

/** Each reported item with the school's reply (答覆): what students are told. */
export async function replies(db: Kysely<Database>, scope: ExportScope): Promise<WorkbookPlan> {
  const { options } = scope
  const source = itemSource(db, {
    section: options.section,
    kind: options.kind,
    statuses: options.status ? [options.status] : undefined,
    roundId: scope.itemRoundId,
  })
  const columns: Column<ItemRow>[] = [
    { header: '班級', value: (r) => r.class_name },
    { header: '座號', value: (r) => r.seat },
    { header: '學號', value: (r) => r.student_no },
    { header: '姓名', value: (r) => r.name },
    { header: '項目', value: (r) => KIND_LABELS[r.kind] },
    { header: '學期', value: (r) => r.term },
    { header: '錯誤類別', value: (r) => ERROR_TYPE_LABELS[r.error_type] },
    { header: '回報內容', kind: 'wrap', value: (r) => r.reason },
    { header: '處理狀態', kind: 'status', value: (r) => r.status },
    { header: '學校答覆', kind: 'wrap', value: (r) => r.reply },
    { header: '負責組別', value: (r) => SECTION_LABELS[r.section] },
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
