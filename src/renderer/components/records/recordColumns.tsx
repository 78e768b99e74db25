import type { ReactNode } from 'react'
import { CADRE_LEVEL_LABELS, CREDIT_COUNTED_LABELS, PASS_STATE_LABELS } from '../../../shared/domain'
import type {
  CadreRecordRow,
  CourseRecordRow,
  OutcomeRecordRow,
  PerformanceRecordRow,
  StudentRecords,
} from '../../../shared/contract/records'
import type { DateFormat } from '../../useDateFormat'

/** One column of a kind's records table: its header, its cell, and the matcher's cell name. */
export interface RecordColumn<R> {
  id: string
  header: string
  cell(row: R, dates: DateFormat): ReactNode
  /** Shown numerically, right-aligned. */
  numeric?: boolean
  /** The cell the matcher may question (RecordMatch.cells). */
  cellKey?: string
}

const num = (n: number | null) => (n === null ? '—' : String(n))

/** A category's own columns are text as imported; their dates (YYYY-MM-DD) read in the chosen calendar. */
const fieldText = (value: string, dates: DateFormat) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? dates.formatDate(value) : value)

export const COURSE_COLUMNS: RecordColumn<CourseRecordRow>[] = [
  {
    id: 'subject',
    header: '科目名稱',
    // The 23-character course code would double the row's width: it is a tooltip instead.
    cell: (r) => (
      <span title={`課程代碼 ${r.courseCode}`}>
        {r.subjectName}
        {r.sheet !== '學期成績' && <span className="sheet-tag">{r.sheet.replace(/成績$/, '')}</span>}
      </span>
    ),
  },
  { id: 'credits', header: '學分', cell: (r) => num(r.credits), numeric: true, cellKey: 'credits' },
  { id: 'score', header: '成績', cell: (r) => num(r.score), numeric: true, cellKey: 'score' },
  { id: 'passed', header: '及格', cell: (r) => (r.passed ? PASS_STATE_LABELS[r.passed] : '—'), cellKey: 'passed' },
  { id: 'makeup', header: '補考', cell: (r) => (r.makeupScore === null ? '—' : `${r.makeupScore}（${r.makeupPassed ? PASS_STATE_LABELS[r.makeupPassed] : ''}）`), cellKey: 'makeupScore' },
  { id: 'counted', header: '採計學分', cell: (r) => (r.creditCounted ? CREDIT_COUNTED_LABELS[r.creditCounted] : '—'), cellKey: 'creditCounted' },
]

export const CADRE_COLUMNS: RecordColumn<CadreRecordRow>[] = [
  { id: 'unit', header: '單位名稱', cell: (r) => r.unitName },
  { id: 'role', header: '擔任職務', cell: (r) => r.role, cellKey: 'role' },
  { id: 'dates', header: '期間', cell: (r, d) => `${d.formatDate(r.startDate)}–${d.formatDate(r.endDate)}`, cellKey: 'dates' },
  { id: 'level', header: '幹部等級', cell: (r) => (r.level ? CADRE_LEVEL_LABELS[r.level] : '—'), cellKey: 'level' },
]

export const PERFORMANCE_COLUMNS: RecordColumn<PerformanceRecordRow>[] = [
  { id: 'category', header: '類別', cell: (r) => r.category.replace(/紀錄$/, '') },
  { id: 'title', header: '名稱', cell: (r) => r.title ?? '—' },
  {
    id: 'fields',
    header: '其他欄位',
    cell: (r, d) => (
      <span className="small">
        {Object.entries(r.fields).filter(([k, v]) => v && v !== r.title && k !== '名稱').map(([k, v]) => `${k}：${fieldText(v, d)}`).join('；')}
      </span>
    ),
  },
]

export const OUTCOME_COLUMNS: RecordColumn<OutcomeRecordRow>[] = [
  { id: 'subject', header: '科目名稱', cell: (r) => r.subjectName },
  { id: 'credits', header: '學分', cell: (r) => num(r.credits), numeric: true, cellKey: 'credits' },
  { id: 'summary', header: '成果簡述', cell: (r) => r.summary ?? '—' },
]

export function columnsOf(records: StudentRecords): RecordColumn<never>[] {
  const byKind = { course: COURSE_COLUMNS, cadre: CADRE_COLUMNS, performance: PERFORMANCE_COLUMNS, outcome: OUTCOME_COLUMNS }
  return byKind[records.kind] as RecordColumn<never>[]
}
