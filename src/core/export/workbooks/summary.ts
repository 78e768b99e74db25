import { sql } from 'kysely'
import {
  AWAITING_INVESTIGATION,
  ERROR_TYPE_LABELS,
  ERROR_TYPES,
  ITEM_STATUSES,
  ITEM_STATUS_LABELS,
  KIND_LABELS,
  SECTION_LABELS,
  SECTIONS,
  type ErrorType,
  type ItemStatus,
  type Kind,
  type Section,
} from '../../../shared/domain'
import type { Db } from '../../db/store'
import { deadlineRuleSummary } from '../../../shared/deadlines'
import { deadlineOf, deadlineStateSql } from '../../rounds/deadline'
import { classes, studentKindStates, type StudentKindState } from '../confirmations'
import { type WorkbookSource, type ItemFilter, filteredItems } from '../items'
import { scopeNotes, type ExportScope } from '../scope'
import { rowsOf, type Column, type SheetSpec } from '../sheet'
import type { WorkbookPlan } from './plan'

type Counts<K extends string> = { label: string; counts: Partial<Record<K, number>>; total: number; isTotal?: boolean }

/**
 * Progress for the principal: one printable page of tables (phase dates, items by section
 * × status, by kind × error type, items past the investigation limit) and the classes'
 * confirmation table. Counts only: no student is named in it.
 */
export async function summary(ctx: WorkbookSource, scope: ExportScope): Promise<WorkbookPlan> {
  const { db } = ctx.store
  // Counted as the dashboard counts them: the round's live items (not vanished from the latest export).
  const filter: ItemFilter = { section: scope.options.section, roundId: scope.itemRoundId, liveOnly: true }
  const sections = SECTIONS.filter((s) => !scope.options.section || s === scope.options.section)

  const byStatus = await filteredItems(db, filter)
    .select(['ri.section', 'ri.status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['ri.section', 'ri.status'])
    .execute()
  const statusTable = crossTable<Section, ItemStatus>(
    sections.map((s) => [s, SECTION_LABELS[s]]),
    byStatus.map((r) => [r.section, r.status, Number(r.n)]),
  )

  const byType = await filteredItems(db, filter)
    .select(['ri.kind', 'ri.error_type', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['ri.kind', 'ri.error_type'])
    .execute()
  const kindTable = crossTable<Kind, ErrorType>(
    scope.kinds.map((k) => [k, KIND_LABELS[k]]),
    byType.map((r) => [r.kind, r.error_type, Number(r.n)]),
  )

  // Overdue by the round's rule, as 總覽 and the queue count it (rounds/deadline.ts). The
  // deadline grows with the report time, so the earliest is the earliest report's.
  const overdue = await filteredItems(db, { ...filter, statuses: [...AWAITING_INVESTIGATION] })
    .select(['ri.section', (eb) => eb.fn.countAll<number>().as('n'), sql<string | null>`min(ri.reported_at)`.as('first')])
    .where(sql<boolean>`${deadlineStateSql(scope.round, scope.now)} = 'overdue'`)
    .groupBy('ri.section')
    .execute()
  const overdueRows = sections.map((s) => {
    const row = overdue.find((r) => r.section === s)
    return { label: SECTION_LABELS[s], count: Number(row?.n ?? 0), earliest: row ? deadlineOf(row.first, scope.round) : null }
  })
  overdueRows.push({ label: '合計', count: overdueRows.reduce((n, r) => n + r.count, 0), earliest: null })

  const { round } = scope
  const phases = [
    { label: '學生確認、回報', start: round.confirm_start, end: round.confirm_end },
    { label: '學校查核、修正、重新提交', start: round.fix_start, end: round.fix_end },
    { label: '學生再確認', start: round.recheck_start, end: round.recheck_end },
    { label: '疑義反映截止', start: null, end: round.dispute_end },
  ]

  const progress: SheetSpec = {
    name: '進度摘要',
    title: `${round.name}　進度摘要（${scope.sectionLabel}）`,
    notes: scopeNotes(scope),
    blocks: [
      {
        caption: '一、時程',
        columns: [
          { header: '階段', value: (r) => r.label },
          { header: '開始', kind: 'dateTime', value: (r) => r.start },
          { header: '結束', kind: 'dateTime', value: (r) => r.end },
        ] satisfies Column<(typeof phases)[number]>[],
        rows: rowsOf(phases),
      },
      {
        caption: '二、各組處理進度（件）',
        columns: countColumns<ItemStatus>('負責組別', ITEM_STATUSES, (s) => ITEM_STATUS_LABELS[s], true),
        rows: rowsOf(statusTable),
        emphasis: (r: Counts<ItemStatus>) => !!r.isTotal,
      },
      {
        caption: '三、各項目錯誤類別（件）',
        columns: countColumns<ErrorType>('項目', ERROR_TYPES, (t) => ERROR_TYPE_LABELS[t], false),
        rows: rowsOf(kindTable),
        emphasis: (r: Counts<ErrorType>) => !!r.isTotal,
      },
      {
        caption: `四、逾期未查核（調查期限${deadlineRuleSummary(round.deadline_rule, round.investigation_days)}，已過期限仍為「新回報」或「查核中」）`,
        columns: [
          { header: '負責組別', value: (r) => r.label },
          { header: '逾期件數', kind: 'number', value: (r) => r.count },
          { header: '最早期限', kind: 'dateTime', value: (r) => r.earliest },
        ] satisfies Column<(typeof overdueRows)[number]>[],
        rows: rowsOf(overdueRows),
        emphasis: (r: (typeof overdueRows)[number]) => r.label === '合計',
      },
    ],
    list: false,
    signOff: true,
    landscape: false,
  }

  const perClass = await classTable(db, scope)
  return {
    title: `進度摘要（${scope.sectionLabel}）`,
    total: phases.length + statusTable.length + kindTable.length + overdueRows.length + perClass.rows.length,
    sheets: [progress, perClass.sheet],
  }
}

/** Rows of labelled counts, with a total column and a total row. */
function crossTable<R extends string, C extends string>(rows: [R, string][], cells: [R, C, number][]): Counts<C>[] {
  const table: Counts<C>[] = rows.map(([key, label]) => {
    const counts: Partial<Record<C, number>> = {}
    for (const [r, c, n] of cells) if (r === key) counts[c] = (counts[c] ?? 0) + n
    return { label, counts, total: Object.values<number>(counts as Record<C, number>).reduce((a, b) => a + b, 0) }
  })
  const totals: Partial<Record<C, number>> = {}
  for (const row of table) for (const [c, n] of Object.entries(row.counts) as [C, number][]) totals[c] = (totals[c] ?? 0) + n
  table.push({ label: '合計', counts: totals, total: table.reduce((n, r) => n + r.total, 0), isTotal: true })
  return table
}

function countColumns<C extends string>(
  first: string,
  keys: readonly C[],
  label: (key: C) => string,
  statusHeaders: boolean,
): Column<Counts<C>>[] {
  return [
    { header: first, value: (r) => r.label },
    ...keys.map(
      (key): Column<Counts<C>> => ({
        header: label(key),
        kind: 'number',
        value: (r) => r.counts[key] ?? 0,
        headerStatus: statusHeaders ? (key as unknown as ItemStatus) : undefined,
      }),
    ),
    { header: '合計', kind: 'number', value: (r) => r.total },
  ]
}

const STATE_LABELS: Record<StudentKindState, string> = { confirmed: '已確認', reported: '已回報', unconfirmed: '未確認' }
const STATES: StudentKindState[] = ['confirmed', 'reported', 'unconfirmed']

interface ClassRow {
  className: string
  teacher: string
  students: number
  counts: Map<string, number>
  isTotal?: boolean
}

/** Per class: students, and per kind how many confirmed, reported, or are still unconfirmed. */
async function classTable(db: Db, scope: ExportScope) {
  const [all, states] = await Promise.all([classes(db), studentKindStates(db, scope)])
  const rows: ClassRow[] = all.map((c) => ({ className: c.className, teacher: c.teacher, students: c.students, counts: new Map() }))
  const byName = new Map(rows.map((r) => [r.className, r]))
  const total: ClassRow = { className: '全校合計', teacher: '', students: 0, counts: new Map(), isTotal: true }
  for (const s of states) {
    const key = `${s.kind}|${s.state}`
    const row = byName.get(s.className)
    if (row) row.counts.set(key, (row.counts.get(key) ?? 0) + 1)
    total.counts.set(key, (total.counts.get(key) ?? 0) + 1)
  }
  total.students = rows.reduce((n, r) => n + r.students, 0)
  rows.push(total)

  const kinds = scope.kinds.filter((k) => scope.terms.some((t) => t.kind === k))
  const columns: Column<ClassRow>[] = [
    { header: '班級', value: (r) => r.className },
    { header: '導師', value: (r) => r.teacher },
    { header: '學生數', kind: 'number', value: (r) => r.students },
    ...kinds.flatMap((kind) =>
      STATES.map((state): Column<ClassRow> => ({
        header: STATE_LABELS[state],
        kind: 'number',
        value: (r) => r.counts.get(`${kind}|${state}`) ?? 0,
      })),
    ),
  ]
  const termsOf = (kind: Kind) => scope.terms.filter((t) => t.kind === kind).map((t) => t.term).join('、')
  const sheet: SheetSpec = {
    name: '各班確認情形',
    title: `${scope.round.name}　各班確認情形（${scope.sectionLabel}）`,
    notes: scopeNotes(scope, [
      '單位：人。同一項目有多個學期時，任一學期未確認即計入「未確認」；其餘有任一學期回報錯誤者計入「已回報」。',
    ]),
    blocks: [
      {
        groups: [
          { label: '', span: 3 },
          ...kinds.map((kind) => ({ label: `${KIND_LABELS[kind]}（${termsOf(kind)}）`, span: STATES.length })),
        ],
        columns,
        rows: rowsOf(rows),
        emphasis: (r: ClassRow) => !!r.isTotal,
      },
    ],
    list: true,
    signOff: true,
    // Portrait, like the page before it: the table is only ~120 characters wide (fit to width
    // prints it at ~85%), and a school's 30 classes then fit one page down with the sign-off,
    // where landscape left the last classes, the total and the sign-off alone on a third page.
    landscape: false,
  }
  return { sheet, rows }
}
