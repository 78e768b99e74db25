import { fromRocYear } from '../../../shared/dates'
import { bad, foldWidth, ok, trimAll, type Cell, type Parsed } from './cells'

// Any date a file may hold (a Date cell, an Excel serial, ROC or Gregorian text, with or
// without a time and 上午/下午) → Taipei wall-clock text.

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)
const DAY_MS = 86_400_000

interface DateParts {
  y: number
  m: number
  d: number
  time: { h: number; mi: number; s: number } | null
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate()
}

function fromSerial(serial: number): DateParts | null {
  // Excel's serials for 1900-03-01 onwards; earlier ones are not real dates here.
  if (!(serial > 60 && serial < 2_958_466)) return null
  const ms = Math.round((serial * DAY_MS) / 1000) * 1000
  const date = new Date(EXCEL_EPOCH_MS + ms)
  const seconds = date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds()
  return {
    y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate(),
    time: seconds ? { h: date.getUTCHours(), mi: date.getUTCMinutes(), s: date.getUTCSeconds() } : null,
  }
}

const TIME = /^(上午|下午|AM|PM)?\s*(\d{1,2})[:：](\d{1,2})(?:[:：](\d{1,2}))?\s*(上午|下午|AM|PM)?$/i

function parseTime(text: string): DateParts['time'] | undefined {
  const m = TIME.exec(text)
  if (!m) return undefined
  const marker = (m[1] ?? m[5])?.toUpperCase()
  let h = Number(m[2])
  const mi = Number(m[3])
  const s = Number(m[4] ?? 0)
  if (marker === '下午' || marker === 'PM') {
    if (h < 12) h += 12
  } else if ((marker === '上午' || marker === 'AM') && h === 12) {
    h = 0
  }
  if (h > 23 || mi > 59 || s > 59) return undefined
  return { h, mi, s }
}

function parseDateText(raw: string): DateParts | null {
  const t = foldWidth(raw).trim().replace(/\s+/g, ' ')
  // The date part, then an optional time (with 上午/下午 before or after it).
  const m =
    /^(\d{2,4})[/\-.年](\d{1,2})[/\-.月](\d{1,2})日?(?:[ T]?(.*))?$/.exec(t) ??
    /^(\d{2,4}?)(\d{2})(\d{2})(?:[ T](.*))?$/.exec(t)
  if (!m) return null
  let y = Number(m[1])
  // Four digits is Gregorian; two or three is the ROC year (114 → 2025).
  if (m[1].length <= 3) y = fromRocYear(y)
  const mo = Number(m[2])
  const d = Number(m[3])
  if (!validDate(y, mo, d)) return null
  const rest = (m[4] ?? '').trim()
  if (!rest) return { y, m: mo, d, time: null }
  const time = parseTime(rest)
  return time === undefined ? null : { y, m: mo, d, time }
}

function partsOf(cell: Cell): Parsed<DateParts | null> {
  if (cell === null || cell === '') return ok(null)
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return bad('日期無效')
    const hasTime = cell.getUTCHours() || cell.getUTCMinutes() || cell.getUTCSeconds()
    return ok({
      y: cell.getUTCFullYear(), m: cell.getUTCMonth() + 1, d: cell.getUTCDate(),
      time: hasTime ? { h: cell.getUTCHours(), mi: cell.getUTCMinutes(), s: cell.getUTCSeconds() } : null,
    })
  }
  if (typeof cell === 'number') {
    // 1141007 or 20251007 typed as a number are dates written without separators.
    if (Number.isInteger(cell) && cell >= 100_000) {
      const p = parseDateText(String(cell))
      if (p) return ok(p)
    }
    const p = fromSerial(cell)
    return p ? ok(p) : bad(`「${cell}」不是日期`)
  }
  const t = trimAll(String(cell))
  if (!t) return ok(null)
  // A serial typed or exported as text (45937, or 45937.5 with the time as the fraction); six or
  // more digits before any point are a date without separators (1141007, 20251007).
  if (/^\d{1,5}(\.\d+)?$/.test(t)) {
    const p = fromSerial(Number(t))
    if (p) return ok(p)
  }
  const p = parseDateText(t)
  return p ? ok(p) : bad(`「${t}」不是日期（例：114/10/07）`)
}

/** Any date a file may hold → 'YYYY-MM-DD' (a time, if any, is dropped). */
export function date(cell: Cell): Parsed<string | null> {
  const p = partsOf(cell)
  if (!p.ok) return p
  if (!p.value) return ok(null)
  const { y, m, d } = p.value
  return ok(`${pad(y, 4)}-${pad(m)}-${pad(d)}`)
}

/** A date with an optional time → Taipei 'YYYY-MM-DD HH:mm:ss' (or 'YYYY-MM-DD' when no time). */
export function dateTime(cell: Cell): Parsed<string | null> {
  const p = partsOf(cell)
  if (!p.ok) return p
  if (!p.value) return ok(null)
  const { y, m, d, time } = p.value
  const day = `${pad(y, 4)}-${pad(m)}-${pad(d)}`
  return ok(time ? `${day} ${pad(time.h)}:${pad(time.mi)}:${pad(time.s)}` : day)
}
