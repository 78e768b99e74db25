import type { DateStyle } from './domain'

// Every timestamp in the app is Taipei wall-clock text, 'YYYY-MM-DD HH:mm:ss'.
// Taiwan keeps UTC+8 all year (no daylight saving), so the conversion is a fixed offset
// and does not depend on the time zone of the PC the app runs on.

const TAIPEI_OFFSET_MS = 8 * 60 * 60 * 1000
const ROC_YEAR_OFFSET = 1911

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** A Date → 'YYYY-MM-DD HH:mm:ss' in Taipei. */
export function toTaipeiTimestamp(date: Date): string {
  const t = new Date(date.getTime() + TAIPEI_OFFSET_MS)
  return (
    `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`
  )
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/

/** 'YYYY-MM-DD[ HH:mm[:ss]]' (Taipei) → Date; null when it is not such a text. */
export function parseTaipeiTimestamp(text: string): Date | null {
  const m = TIMESTAMP.exec(text)
  if (!m) return null
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - TAIPEI_OFFSET_MS
  return Number.isNaN(utc) ? null : new Date(utc)
}

function parts(ts: string) {
  const m = TIMESTAMP.exec(ts)
  if (!m) return null
  const [, y, mo, d, h, mi] = m
  return { y: +y, mo, d, time: h === undefined ? null : `${h}:${mi}` }
}

/** '2025-10-22 08:00:00' → '114/10/22' (ROC) or '2025/10/22'. Empty for null. */
export function formatDate(ts: string | null | undefined, style: DateStyle = 'roc'): string {
  if (!ts) return ''
  const p = parts(ts)
  if (!p) return ts
  const year = style === 'roc' ? pad(p.y - ROC_YEAR_OFFSET, 3) : String(p.y)
  return `${year}/${p.mo}/${p.d}`
}

/** '2025-10-22 08:00:00' → '114/10/22 08:00'. */
export function formatDateTime(ts: string | null | undefined, style: DateStyle = 'roc'): string {
  if (!ts) return ''
  const p = parts(ts)
  if (!p) return ts
  return p.time ? `${formatDate(ts, style)} ${p.time}` : formatDate(ts, style)
}

/** A Gregorian year → its ROC year (2025 → 114). */
export const toRocYear = (gregorianYear: number) => gregorianYear - ROC_YEAR_OFFSET
export const fromRocYear = (rocYear: number) => rocYear + ROC_YEAR_OFFSET
