import { toRocYear } from '../../shared/dates'
import type { DateStyle } from '../../shared/domain'

/**
 * Number formats for real date cells. Excel has no ROC-year format code of its own, but
 * the Taiwanese Excel's built-in date format (id 27) is `[$-404]e/m/d`: the `e` (era year)
 * of the Chinese (Taiwan) locale is the ROC year. LibreOffice maps `[$-404]` + `e` to its
 * ROC calendar too, so both show 114/10/22 while the cell stays a date that sorts and
 * filters as one (verified with LibreOffice's CSV conversion, see test/core/export).
 */
export const DATE_FORMATS: Record<DateStyle, { date: string; dateTime: string }> = {
  roc: { date: '[$-404]e/mm/dd', dateTime: '[$-404]e/mm/dd hh:mm' },
  gregorian: { date: 'yyyy/mm/dd', dateTime: 'yyyy/mm/dd hh:mm' },
}

const STAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/

/**
 * A Taipei wall-clock timestamp → the Date exceljs turns into the same wall-clock serial.
 * exceljs converts a Date through its UTC fields, and a spreadsheet date has no time zone,
 * so the wall-clock fields go in as UTC.
 */
export function toExcelDate(ts: string | null | undefined): Date | null {
  if (!ts) return null
  const m = STAMP.exec(ts)
  if (!m) return null
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m
  return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s))
}

/** '2025-10-17 09:00:00' → '1141017' (ROC) or '20251017', for file names. */
export function compactDate(ts: string, style: DateStyle): string {
  const [y, mo, d] = ts.slice(0, 10).split('-')
  const year = style === 'roc' ? String(toRocYear(+y)).padStart(3, '0') : y
  return `${year}${mo}${d}`
}
