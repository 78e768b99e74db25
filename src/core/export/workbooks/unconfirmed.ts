import { KIND_LABELS } from '../../../shared/domain'
import { classes, pairKey, unconfirmedStudents, type UnconfirmedStudent } from '../confirmations'
import { scopeNotes, windowText, type ExportScope } from '../scope'
import { rowsOf, type Column, type SheetSpec } from '../sheet'
import { sheetNames } from '../sheetNames'
import type { WorkbookSource } from '../items'
import type { WorkbookPlan } from './plan'

interface OverviewRow {
  className: string
  teacher: string
  students: number
  unconfirmed: number
  total?: boolean
}

/**
 * For homeroom teachers: an overview, then one sheet per class listing exactly the students
 * to chase and which (kind, term) each has not confirmed. A class with nobody left gets no
 * sheet.
 */
export async function unconfirmed(ctx: WorkbookSource, scope: ExportScope): Promise<WorkbookPlan> {
  const { db } = ctx.store
  const [all, students] = await Promise.all([classes(db), unconfirmedStudents(db, scope)])
  const byClass = new Map<string, UnconfirmedStudent[]>()
  for (const s of students) byClass.set(s.className, [...(byClass.get(s.className) ?? []), s])

  const overview: OverviewRow[] = all.map((c) => ({
    className: c.className,
    teacher: c.teacher,
    students: c.students,
    unconfirmed: byClass.get(c.className)?.length ?? 0,
  }))
  overview.push({
    className: '合計',
    teacher: '',
    students: overview.reduce((n, r) => n + r.students, 0),
    unconfirmed: students.length,
    total: true,
  })
  const deadline = `學生確認期間：${windowText(scope.round.confirm_start, scope.round.confirm_end, scope.dateStyle)}`
  const names = sheetNames()
  const sheets: SheetSpec[] = [
    {
      name: names.take('總覽'),
      title: `未確認學生名單　總覽（${scope.sectionLabel}）`,
      notes: scopeNotes(scope, [`${deadline}。未確認人數為尚有任一項目未確認的學生數；各班名單見後續工作表。`]),
      blocks: [{ columns: overviewColumns, rows: rowsOf(overview), emphasis: (r: OverviewRow) => !!r.total }],
      list: true,
      signOff: false,
    },
  ]

  const pairColumns: Column<UnconfirmedStudent>[] = scope.terms.map((t) => ({
    header: `${KIND_LABELS[t.kind]}\n${t.term}`,
    kind: 'mark',
    value: (s) => (s.pairs.has(pairKey(t.kind, t.term)) ? '未確認' : ''),
  }))
  const columns: Column<UnconfirmedStudent>[] = [
    { header: '座號', value: (s) => s.seat },
    { header: '學號', value: (s) => s.studentNo },
    { header: '姓名', value: (s) => s.name },
    ...pairColumns,
    { header: '未確認項數', kind: 'number', value: (s) => s.pairs.size },
  ]
  for (const c of all) {
    const list = byClass.get(c.className)
    if (!list?.length) continue
    sheets.push({
      name: names.take(c.className),
      title: `${c.className} 班　未確認學生名單`,
      notes: [
        `導師：${c.teacher || '（名冊未載）'}　未確認 ${list.length} 人（全班 ${c.students} 人）`,
        `${deadline}。請提醒下列同學登入學習歷程檔案系統，逐項按「資料正確無誤」或「資料錯誤回報」。`,
        ...scopeNotes(scope).slice(-1),
      ],
      blocks: [{ columns, rows: rowsOf(list) }],
      list: true,
      signOff: false,
    })
  }
  return { title: `未確認學生名單（${scope.sectionLabel}）`, total: overview.length + students.length, sheets }
}

const overviewColumns: Column<OverviewRow>[] = [
  { header: '班級', value: (r) => r.className },
  { header: '導師', value: (r) => r.teacher },
  { header: '學生數', kind: 'number', value: (r) => r.students },
  { header: '未確認人數', kind: 'number', value: (r) => r.unconfirmed },
]
