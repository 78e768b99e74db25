import { formatDateTime } from '../../../shared/dates'
import { ERROR_TYPE_LABELS, KIND_LABELS, SECTION_LABELS } from '../../../shared/domain'
import { classes } from '../confirmations'
import { type WorkbookSource, type ItemRow, allItems, reasonOf } from '../items'
import { scopeNotes, windowText, type ExportScope } from '../scope'
import { rowsOf, type Column, type SheetSpec } from '../sheet'
import { sheetNames } from '../sheetNames'
import type { WorkbookPlan } from './plan'

interface OverviewRow {
  className: string
  teacher: string
  students: number
  items: number
  total?: boolean
}

/**
 * Re-check notices: the students whose reported data the school corrected and resubmitted,
 * one sheet per class, with what was corrected and the window in which they must re-check.
 */
export async function recheck(ctx: WorkbookSource, scope: ExportScope): Promise<WorkbookPlan> {
  const { db } = ctx.store
  const { round, dateStyle } = scope
  const [all, items] = await Promise.all([
    classes(db),
    allItems(ctx, { section: scope.options.section, statuses: ['resubmitted'], roundId: scope.itemRoundId, liveOnly: true }),
  ])
  const byClass = new Map<string, ItemRow[]>()
  for (const item of items) byClass.set(item.class_name, [...(byClass.get(item.class_name) ?? []), item])
  const teacherOf = new Map(all.map((c) => [c.className, c.teacher]))
  const classNames = [...byClass.keys()].sort((a, b) => {
    const order = all.findIndex((c) => c.className === a) - all.findIndex((c) => c.className === b)
    return order || a.localeCompare(b)
  })

  const overview: OverviewRow[] = classNames.map((className) => {
    const list = byClass.get(className)!
    return {
      className,
      teacher: teacherOf.get(className) ?? '',
      students: new Set(list.map((i) => i.student_no)).size,
      items: list.length,
    }
  })
  overview.push({
    className: '合計',
    teacher: '',
    students: overview.reduce((n, r) => n + r.students, 0),
    items: items.length,
    total: true,
  })

  const window = windowText(round.recheck_start, round.recheck_end, dateStyle)
  const instruction =
    `再確認期間：${window}。請下列同學於期間內登入學習歷程檔案系統，再次確認已修正的資料；` +
    `如仍有疑義，請於 ${formatDateTime(round.dispute_end, dateStyle)} 前逕洽負責組別。`
  const columns: Column<ItemRow>[] = [
    { header: '座號', value: (r) => r.seat },
    { header: '學號', value: (r) => r.student_no },
    { header: '姓名', value: (r) => r.name },
    { header: '項目', value: (r) => KIND_LABELS[r.kind] },
    { header: '學期', value: (r) => r.term },
    { header: '錯誤類別', value: (r) => ERROR_TYPE_LABELS[r.error_type] },
    { header: '回報內容', kind: 'wrap', value: reasonOf },
    { header: '學校修正說明', kind: 'wrap', value: (r) => r.reply || '已修正並重新提交' },
    { header: '重新提交日期', kind: 'date', value: (r) => r.resubmitted_at },
    { header: '再確認開始', kind: 'dateTime', value: () => round.recheck_start },
    { header: '再確認截止', kind: 'dateTime', value: () => round.recheck_end },
    { header: '負責組別', value: (r) => SECTION_LABELS[r.section] },
  ]

  const names = sheetNames()
  const sheets: SheetSpec[] = [
    {
      name: names.take('總覽'),
      title: `再確認通知　總覽（${scope.sectionLabel}）`,
      notes: scopeNotes(scope, [instruction]),
      blocks: [
        {
          columns: overviewColumns,
          rows: rowsOf(overview),
          emphasis: (r: OverviewRow) => !!r.total,
          emptyText: '（目前沒有已重新提交、待學生再確認的項目）',
        },
      ],
      list: true,
      signOff: false,
    },
    ...classNames.map((className) => ({
      name: names.take(className),
      title: `${className} 班　再確認通知`,
      notes: [`導師：${teacherOf.get(className) || '（名冊未載）'}`, instruction, ...scopeNotes(scope).slice(-1)],
      blocks: [{ columns, rows: rowsOf(byClass.get(className)!) }],
      list: true,
      signOff: false,
      landscape: true,
    })),
  ]
  return { title: `再確認通知（${scope.sectionLabel}）`, total: overview.length + items.length, sheets }
}

const overviewColumns: Column<OverviewRow>[] = [
  { header: '班級', value: (r) => r.className },
  { header: '導師', value: (r) => r.teacher },
  { header: '學生數', kind: 'number', value: (r) => r.students },
  { header: '項目數', kind: 'number', value: (r) => r.items },
]
