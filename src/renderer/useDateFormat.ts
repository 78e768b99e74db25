import { useMemo } from 'react'
import { formatDate, formatDateTime } from '../shared/dates'
import type { DateStyle } from '../shared/domain'
import { useCallQuery } from './api'

/** Date formatters bound to one calendar (設定 → 日期格式). */
export interface DateFormat {
  style: DateStyle
  /** '114/10/22' or '2025/10/22'. */
  formatDate(ts: string | null | undefined): string
  /** '114/10/22 08:00' or '2025/10/22 08:00'. */
  formatDateTime(ts: string | null | undefined): string
}

export function dateFormatOf(style: DateStyle): DateFormat {
  return {
    style,
    formatDate: (ts) => formatDate(ts, style),
    formatDateTime: (ts) => formatDateTime(ts, style),
  }
}

/**
 * '10/22 08:00': month, day and time without the year, for times within a round where the
 * year goes without saying. The same in both calendars, so it needs no setting.
 */
export function formatMonthDayTime(ts: string | null | undefined): string {
  return formatDateTime(ts, 'gregorian').replace(/^\d{4}\//, '')
}

/**
 * The dates of every page follow the 日期格式 chosen in 設定. Until the settings have loaded
 * (the first few milliseconds) dates read ROC, the app's default.
 */
export function useDateFormat(): DateFormat {
  const settings = useCallQuery('settings.get', {})
  const style = settings.data?.dateStyle ?? 'roc'
  return useMemo(() => dateFormatOf(style), [style])
}
