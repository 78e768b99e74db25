// Cell values → one meaning: what every reader starts from. Files write the same thing many
// ways (half- or full-width, numbers where text was meant, ="0123" to keep a zero); the readers
// here accept them all and return either the value or a zh-TW reason. What a code or a word
// means is in codes.ts, terms and school years in terms.ts, dates in dates.ts.

/** What a reader hands over for one cell. Dates are wall-clock (UTC fields = Taipei time). */
export type Cell = string | number | boolean | Date | null

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string }
export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value })
export const bad = (reason: string): Parsed<never> => ({ ok: false, reason })

/** Full-width ASCII (U+FF01–U+FF5E) → ASCII; the ideographic space → a space. */
export function foldWidth(text: string): string {
  // Most cells hold no full-width character: skip the copy for them.
  if (!/[\uFF01-\uFF5E\u3000]/.test(text)) return text
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  )
}

/** Spaces at both ends, including U+3000 and no-break spaces (JS trim covers both). */
export const trimAll = (text: string) => text.trim()

/** A cell as the text a person would read in it (numbers without float noise). */
export function cellText(cell: Cell): string {
  if (cell === null) return ''
  if (typeof cell === 'string') return cell
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(+cell.toPrecision(15))
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE'
  return wallClockOf(cell)
}

/** Free text: trimmed, otherwise as written. Empty → null. */
export function text(cell: Cell): string | null {
  const t = trimAll(cellText(cell))
  return t === '' ? null : t
}

/** ="012345": how CSV exports make Excel keep an identifier's leading zeros. */
const EXCEL_TEXT_FORMULA = /^="(.*)"$/

/** Identifiers (學號, 座號, 身分證號, 班級, codes): text, leading zeros kept, full-width folded. */
export function identifier(cell: Cell): string | null {
  const folded = trimAll(foldWidth(cellText(cell)))
  const t = trimAll(EXCEL_TEXT_FORMULA.exec(folded)?.[1] ?? folded)
  return t === '' ? null : t
}

/** National IDs are written with upper-case letters. */
export function nationalId(cell: Cell): string | null {
  return identifier(cell)?.replace(/\s+/g, '').toUpperCase() ?? null
}

/** 座號 are two digits (01–40); a numeric cell (5) lost the zero Excel users typed. */
export function seat(cell: Cell): string | null {
  const t = identifier(cell)
  return t && /^\d$/.test(t) ? `0${t}` : t
}

export function number(cell: Cell): Parsed<number | null> {
  if (typeof cell === 'number') return ok(Number.isFinite(cell) ? cell : null)
  const t = identifier(cell)?.replace(/,/g, '')
  if (!t) return ok(null)
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return bad(`「${t}」不是數字`)
  return ok(Number(t))
}

/** A score where `-1` or 無成績 means none. */
export function score(cell: Cell): Parsed<number | null> {
  const t = identifier(cell)
  if (t === '無成績' || t === '-') return ok(null)
  const n = number(cell)
  return n.ok && n.value === -1 ? ok(null) : n
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** A Date whose UTC fields are the wall-clock time (how exceljs hands over date cells). */
export function wallClockOf(date: Date): string {
  const d = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
  const hasTime = date.getUTCHours() || date.getUTCMinutes() || date.getUTCSeconds()
  return hasTime ? `${d} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}` : d
}
