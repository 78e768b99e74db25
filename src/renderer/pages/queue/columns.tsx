import {
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table'
import { QUEUE_COLUMN_LABELS, type QueueColumn } from '../../../shared/contract/queue'
import { parseTaipeiTimestamp } from '../../../shared/dates'
import { CHANNEL_LABELS, ERROR_TYPE_LABELS, KIND_LABELS } from '../../../shared/domain'
import { DeadlineBadge } from '../../components/DeadlineBadge'
import { StatusBadge } from '../../components/StatusBadge'
import { formatMonthDayTime } from '../../useDateFormat'
import type { IndexedRow } from './useQueueRows'

export interface QueueColumnMeta {
  /** The column's track in the row grid. */
  width: string
  /** Hidden when the detail pane takes the room. */
  wide?: boolean
}
export interface QueueTableMeta {
  now: string | null
  /** Tag 「新」 only when some items are unchanged since the last import (else every row says it). */
  markChanged: boolean
}

export const features = tableFeatures({
  rowSortingFeature,
  columnVisibilityFeature,
  columnMeta: {} as QueueColumnMeta,
  tableMeta: {} as QueueTableMeta,
})

const helper = createColumnHelper<typeof features, IndexedRow>()
const label = (id: QueueColumn) => QUEUE_COLUMN_LABELS[id]

/** 「3天」「5小時」: how long the student has waited. */
export function ageText(reportedAt: string | null, now: string | null): string {
  const from = reportedAt ? parseTaipeiTimestamp(reportedAt) : null
  const to = now ? parseTaipeiTimestamp(now) : null
  if (!from || !to) return '—'
  const hours = Math.max(0, Math.floor((to.getTime() - from.getTime()) / 3_600_000))
  return hours < 1 ? '不到1小時' : hours < 24 ? `${hours}小時` : `${Math.floor(hours / 24)}天`
}

/** Four characters each, as the portal's own tabs say them, so the column stays narrow. */
const KIND_SHORT: Record<IndexedRow['kind'], string> = { course: '修課紀錄', outcome: '學習成果', performance: '多元表現', cadre: '幹部經歷' }


export const columns = helper.columns([
  helper.accessor('studentName', { id: 'studentName', header: label('studentName'), meta: { width: '5.6em' } }),
  helper.accessor('className', { id: 'className', header: label('className'), meta: { width: '3.6em' } }),
  helper.accessor('seat', { id: 'seat', header: label('seat'), meta: { width: '3.2em', wide: true } }),
  helper.accessor('studentNo', { id: 'studentNo', header: label('studentNo'), meta: { width: '5.2em', wide: true } }),
  helper.accessor('kind', {
    id: 'kind', header: label('kind'), meta: { width: '5.2em' },
    cell: (info) => <span title={KIND_LABELS[info.getValue()]}>{KIND_SHORT[info.getValue()]}</span>,
  }),
  helper.accessor('term', { id: 'term', header: label('term'), meta: { width: '3.4em' } }),
  helper.accessor('errorType', {
    id: 'errorType', header: label('errorType'), meta: { width: '5.4em' }, cell: (info) => ERROR_TYPE_LABELS[info.getValue()],
  }),
  helper.accessor('reason', {
    id: 'reason',
    header: label('reason'),
    meta: { width: 'minmax(8em, 1fr)' },
    cell: (info) => {
      const row = info.row.original
      return (
        <span className="reason-cell" title={row.reason}>
          {row.changedSinceImport && info.table.options.meta?.markChanged && <span className="tag tag-changed" title="上次匯入後新增或變更">新</span>}
          {row.vanished && <span className="tag tag-vanished" title="最新匯入的名單已沒有這筆回報">已消失</span>}
          {row.channel && <span className="tag tag-hand" title="人工登錄的回報">{CHANNEL_LABELS[row.channel]}</span>}
          {row.reason}
        </span>
      )
    },
  }),
  helper.accessor('status', {
    id: 'status', header: label('status'), meta: { width: '8.4em' }, cell: (info) => <StatusBadge status={info.getValue()} />,
  }),
  helper.accessor('deadline', {
    id: 'deadline',
    header: label('deadline'),
    meta: { width: '11em', wide: true },
    cell: (info) => <DeadlineBadge deadline={info.getValue()} state={info.row.original.deadlineState} />,
  }),
  helper.accessor('reportedAt', {
    id: 'age',
    header: label('age'),
    meta: { width: '6.4em', wide: true },
    cell: (info) => ageText(info.getValue(), info.table.options.meta?.now ?? null),
  }),
  helper.accessor('updatedAt', {
    id: 'lastChange',
    header: label('lastChange'),
    meta: { width: '9.6em', wide: true },
    cell: (info) => {
      const row = info.row.original
      if (!row.updatedBy) return <span className="muted">—</span>
      return `${formatMonthDayTime(row.updatedAt)} ${row.updatedBy}`
    },
  }),
])
