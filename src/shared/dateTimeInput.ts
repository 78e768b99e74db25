import { fromRocYear, toRocYear } from './dates'

// What a person types into a date-time field, and back. Staff write ROC dates
// ('114/10/07 08:00'); a Gregorian year ('2025-10-07 08:00') is understood too.

const pad = (n: number) => String(n).padStart(2, '0')

/** Full-width digits and separators (typed with a Chinese IME) mean their ASCII forms. */
export const foldWidth = (text: string) => text.normalize('NFKC').replace(/\s+/g, ' ').trim()

const DATE_TIME = /^(\d{2,4})[/.-](\d{1,2})[/.-](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/

/**
 * '114/10/07 08:00' (ROC) or '2025-10-07 08:00[:ss]' → '2025-10-07 08:00:00' (Taipei
 * wall-clock). Null when the text is not a real date and time: the time is required,
 * because a window's end written as a bare date would silently mean its midnight.
 */
export function parseDateTimeInput(text: string): string | null {
  const m = DATE_TIME.exec(foldWidth(text))
  if (!m) return null
  const [, y, mo, d, h, mi, s = '0'] = m
  const year = y.length === 4 ? Number(y) : fromRocYear(Number(y))
  const [month, day, hour, minute, second] = [mo, d, h, mi, s].map(Number)
  const probe = new Date(Date.UTC(year, month - 1, day))
  const realDate = probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day
  if (!realDate || hour > 23 || minute > 59 || second > 59) return null
  return `${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)}`
}

/** '2025-10-21 23:59:59' → '114/10/21 23:59:59'; seconds only when they are not :00. */
export function formatDateTimeInput(ts: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(ts)
  if (!m) return ts
  const [, y, mo, d, h, mi, s] = m
  const roc = String(toRocYear(Number(y))).padStart(3, '0')
  return `${roc}/${mo}/${d} ${h}:${mi}${s === '00' ? '' : `:${s}`}`
}
