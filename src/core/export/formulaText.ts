import type { Style } from 'exceljs'

// Spreadsheet injection (OWASP's "CSV injection"): students write the reasons, and names,
// teachers and replies come from imported files; text that starts like a formula must stay
// text when a clerk clicks into its cell and presses Enter, or saves the workbook as CSV.
// Such a cell is written as a quote-prefixed text cell: the number format '@' (text) and
// the xf attribute quotePrefix="1" — what Excel writes for text typed after an apostrophe.
// Both, because LibreOffice (7.4) does not read quotePrefix from an .xlsx (an edited cell
// then becomes a formula) but keeps a '@' cell's input as text; Excel honours both.

/**
 * = + - @ start a formula; a leading tab or line break (CR or LF) is one a program may strip
 * before it looks (OWASP: LibreOffice drops it on reading). The full-width forms are what a
 * Chinese input method types: LibreOffice 7.4 keeps them as text, Excel's East Asian editions
 * are said to convert them on entry (not checkable here) — quoting them changes nothing seen.
 */
const FORMULA_START = /^[=+\-@\t\r\n＝＋－＠]/

export const startsLikeFormula = (text: string) => FORMULA_START.test(text)

const asText = new WeakMap<Partial<Style>, Partial<Style>>()

/**
 * The style for a value: `style` itself, or for text that starts like a formula the same
 * style as a quote-prefixed text cell. One object per style (exceljs keys formats by identity).
 */
export function styleFor(value: unknown, style: Partial<Style>): Partial<Style> {
  if (typeof value !== 'string' || !startsLikeFormula(value)) return style
  let quoted = asText.get(style)
  if (!quoted) asText.set(style, (quoted = { ...style, numFmt: '@', quotePrefix: true } as Partial<Style>))
  return quoted
}

interface StyleManager {
  addStyleModel(model: { quotePrefix?: boolean } | undefined, cellType?: number): number
  _addStyle(style: object): number
  map: { style: { toXml(model: { quotePrefix?: boolean }): string } }
}

/**
 * exceljs (4.4) has no quotePrefix: its style manager copies a cell style's number format,
 * font, fill, border, alignment and protection into a cell format (xf), and nothing else. This
 * carries a style's `quotePrefix` into its xf and writes the attribute there. Throws when the
 * writer is not the one this was written for: a workbook must never go out without it.
 */
export function writeQuotePrefix(book: object): void {
  const styles = (book as { styles?: StyleManager }).styles
  if (typeof styles?.addStyleModel !== 'function' || typeof styles._addStyle !== 'function' || typeof styles.map?.style?.toXml !== 'function') {
    throw new Error('exceljs: unknown style manager, cannot write quote-prefixed cells')
  }
  let quoted = false
  const addStyleModel = styles.addStyleModel.bind(styles)
  styles.addStyleModel = (model, cellType) => {
    quoted = model?.quotePrefix === true
    try {
      return addStyleModel(model, cellType)
    } finally {
      quoted = false
    }
  }
  const addStyle = styles._addStyle.bind(styles)
  styles._addStyle = (style) => addStyle(quoted ? { ...style, quotePrefix: true } : style)
  const xf = styles.map.style
  const toXml = xf.toXml.bind(xf)
  xf.toXml = (model) => (model?.quotePrefix ? toXml(model).replace(/^<xf /, '<xf quotePrefix="1" ') : toXml(model))
}
