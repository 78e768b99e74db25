import type { Style } from 'exceljs'
import { ITEM_STATUSES, ITEM_STATUS_COLORS, type DateStyle, type ItemStatus } from '../../shared/domain'
import { DATE_FORMATS } from './dates'

// How a workbook looks: the fonts, fills, widths and print setup every sheet shares, so
// that each file reads as one an office made.

const FONT_NAME = 'Microsoft JhengHei'
const font = (extra: Partial<Style['font']> = {}): Partial<Style['font']> => ({ name: FONT_NAME, size: 11, ...extra })
const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`
const solid = (hex: string): Style['fill'] => ({ type: 'pattern', pattern: 'solid', fgColor: { argb: argb(hex) } })
const thin = { style: 'thin' as const, color: { argb: 'FF8C8C8C' } }
const box: Partial<Style['border']> = { top: thin, left: thin, bottom: thin, right: thin }

/** mark: a short word that marks a cell of a grid (未確認), centred under its column's header. */
export type CellKind = 'text' | 'wrap' | 'number' | 'date' | 'dateTime' | 'status' | 'mark'

/**
 * The style objects of one workbook. exceljs remembers a style by object identity, so
 * every cell of a kind shares one object. Plain text cells carry no style at all: they take
 * the workbook's default format (Microsoft JhengHei, see useDefaultFont), which keeps a
 * 100,000-row sheet nearly as fast to write as one without styles. Data cells keep the
 * default bottom alignment, so a row's cells line up however they are styled.
 */
export function makeStyles(dateStyle: DateStyle) {
  const cell = (kind: CellKind, bold: boolean): Partial<Style> => {
    if (kind === 'text' && !bold) return {}
    const f = font(bold ? { bold: true } : {})
    switch (kind) {
      case 'wrap':
        return { font: f, alignment: { wrapText: true } }
      case 'number':
        return { font: f, numFmt: '#,##0' }
      case 'date':
        return { font: f, alignment: { horizontal: 'center' }, numFmt: DATE_FORMATS[dateStyle].date }
      case 'dateTime':
        return { font: f, alignment: { horizontal: 'center' }, numFmt: DATE_FORMATS[dateStyle].dateTime }
      case 'mark':
        return { font: f, alignment: { horizontal: 'center' } }
      default:
        return { font: f }
    }
  }
  const kinds: CellKind[] = ['text', 'wrap', 'number', 'date', 'dateTime', 'mark']
  const set = (bold: boolean, border?: Partial<Style['border']>) =>
    Object.fromEntries(
      kinds.map((k) => [k, border ? { font: font(bold ? { bold: true } : {}), ...cell(k, bold), border } : cell(k, bold)]),
    ) as Record<CellKind, Partial<Style>>
  const plain = set(false)
  const bold = set(true)
  const status = Object.fromEntries(
    ITEM_STATUSES.map((s) => {
      const { fill, ink } = ITEM_STATUS_COLORS[s]
      return [s, { font: font({ color: { argb: argb(ink) } }), fill: solid(fill) }]
    }),
  ) as Record<ItemStatus, Partial<Style>>
  return {
    plain,
    bold,
    /** Cells of the small tables on a page without printed grid lines (the summary page). */
    boxed: { plain: set(false, box), bold: set(true, box) },
    status,
    /** A status column's header, filled like the status it counts (summary tables). */
    statusHeader: Object.fromEntries(
      ITEM_STATUSES.map((s) => {
        const { fill, ink } = ITEM_STATUS_COLORS[s]
        return [s, { ...header(), font: font({ bold: true, color: { argb: argb(ink) } }), fill: solid(fill) }]
      }),
    ) as Record<ItemStatus, Partial<Style>>,
    header: header(),
    // Lines above a table wrap inside its width: text running past the table would widen the
    // printed page (LibreOffice prints as far as text reaches) or be cut off (Excel).
    title: { font: font({ size: 14, bold: true }), alignment: { vertical: 'middle', wrapText: true } } as Partial<Style>,
    note: {
      font: font({ size: 10, color: { argb: 'FF4A4A4A' } }),
      alignment: { vertical: 'middle', wrapText: true },
    } as Partial<Style>,
    caption: { font: font({ size: 12, bold: true }), alignment: { vertical: 'bottom', wrapText: true } } as Partial<Style>,
    signOffLabel: { ...header(), fill: solid('#FFFFFF') } as Partial<Style>,
    signOffBox: { border: box } as Partial<Style>,
  }
}

/**
 * Makes Microsoft JhengHei the workbook's default font (font 0), before any style exists:
 * unstyled cells then read in the font staff expect. exceljs (4.4) has no option for it,
 * so its style manager is seeded directly.
 */
export function useDefaultFont(book: object) {
  const styles = (book as { styles?: { model?: { fonts: unknown[] }; _addFont?(font: object): number } }).styles
  if (styles?.model?.fonts.length === 0 && styles._addFont) styles._addFont(font({ family: 2, charset: 136 }))
}
export type Styles = ReturnType<typeof makeStyles>

function header(): Partial<Style> {
  return {
    font: font({ bold: true }),
    fill: solid('#EDEDE8'),
    border: box,
    alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  }
}

/** East Asian wide and full-width characters take two columns, like on the printed page. */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  )
}

/** The width of a text in spreadsheet columns: its longest line, CJK counted double. */
export function displayWidth(text: string): number {
  let widest = 0
  let line = 0
  for (const ch of text) {
    if (ch === '\n') {
      widest = Math.max(widest, line)
      line = 0
      continue
    }
    line += isWide(ch.codePointAt(0)!) ? 2 : 1
  }
  return Math.max(widest, line)
}

/** Widths of values that are not text: a date is as wide as '114/10/22'. */
export function fixedWidth(kind: CellKind, dateStyle: DateStyle): number | null {
  if (kind === 'date') return dateStyle === 'roc' ? 9 : 10
  if (kind === 'dateTime') return dateStyle === 'roc' ? 15 : 16
  return null
}

/** Long free text wraps inside a capped column; short columns fit their content. */
export function columnWidth(contentWidth: number, kind: CellKind, cap?: number): number {
  return Math.min(cap ?? (kind === 'wrap' ? 30 : 28), Math.max(5, contentWidth + 2))
}

/** A4 at fit-to-width; landscape when the table is wider than a portrait page. */
export function printSetup(totalWidth: number, landscape?: boolean) {
  return {
    paperSize: 9, // A4
    orientation: (landscape ?? totalWidth > 100) ? ('landscape' as const) : ('portrait' as const),
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0, // as many pages down as it takes
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.75, bottom: 0.6, header: 0.3, footer: 0.3 },
  }
}

export interface PageHeading {
  school: string
  round: string
  title: string
  printed: string
  /** Whether the national IDs are masked, for workbooks that have them. */
  idNotice?: string | null
}

/**
 * Every printed page carries the school, the round, the print date, whether national IDs are
 * masked (where the workbook has them), and its number.
 */
export function headerFooter(h: PageHeading) {
  // '&' starts a code in Excel's header syntax; a literal one is written twice.
  const esc = (s: string) => s.replace(/&/g, '&&')
  // The school over the round on the left, so that three parts fit a portrait page too.
  const left = [h.school, h.round].filter(Boolean).map(esc).join('\n')
  const centre = h.title.startsWith(h.round) ? h.title.slice(h.round.length).trim() : h.title
  return {
    oddHeader: `&L${left}&C${esc(centre)}&R${[`列印日期：${h.printed}`, h.idNotice].filter(Boolean).map((s) => esc(s!)).join('\n')}`,
    oddFooter: '&C第 &P 頁，共 &N 頁',
  }
}

/** The widest of some fixed texts (labels), for columns whose values come from a list. */
export const widestOf = (texts: Record<string, string> | string[]) =>
  Math.max(0, ...Object.values(texts).map(displayWidth))
