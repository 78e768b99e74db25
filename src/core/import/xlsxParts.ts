// The small parts of an .xlsx: which sheets it has (workbook + its relationships), which cell
// styles are dates or zero-padded numbers (styles), and the shared strings. Parsed with regular
// expressions over the XML text: these parts are machine-written and regular, and this is far
// lighter than a DOM.

/** A part's text; part names may carry a namespace prefix on every element (`<x:sheet>`). */
const P = '(?:[\\w.-]+:)?'

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/**
 * A copy of a piece of a big text that does not keep the big text alive. V8 represents a
 * substring as a view into its parent: a value kept from each row would otherwise keep every
 * chunk of the sheet's XML in memory (~2× the sheet's size). Flattening a concatenation forces
 * the copy.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : ('\u0000' + text).slice(1)
}

/** XML entities and Excel's `_xHHHH_` escapes (used for control characters) → text. */
export function unescapeXml(text: string): string {
  if (text.indexOf('&') < 0 && text.indexOf('_x') < 0) return text
  return text
    .replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e])
    .replace(/_x([0-9a-fA-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

export function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of text.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = m[1].includes(':') && !m[1].startsWith('xmlns') ? m[1].slice(m[1].indexOf(':') + 1) : m[1]
    // r:id keeps its local name `id` under the key 'r:id' as well, for relationships.
    out[m[1]] = unescapeXml(m[2] ?? m[3] ?? '')
    out[name] ??= out[m[1]]
  }
  return out
}

/** The text of a string item (`<si>` or `<is>`): its `<t>` runs, without phonetic guides (`<rPh>`). */
export function stringItemText(xml: string): string {
  const body = xml.indexOf('rPh') >= 0 ? xml.replace(new RegExp(`<${P}rPh\\b[\\s\\S]*?</${P}rPh>`, 'g'), '') : xml
  let text = ''
  for (const m of body.matchAll(new RegExp(`<${P}t(?:\\s[^>]*)?>([^<]*)</${P}t>`, 'g'))) text += m[1]
  return detach(unescapeXml(text))
}

export function sharedStrings(xml: string): string[] {
  const out: string[] = []
  for (const m of xml.matchAll(new RegExp(`<${P}si(?:\\s[^>]*)?>([\\s\\S]*?)</${P}si>|<${P}si\\s*/>`, 'g'))) {
    out.push(m[1] === undefined ? '' : stringItemText(m[1]))
  }
  return out
}

export interface SheetRef {
  name: string
  /** Part name inside the zip, e.g. xl/worksheets/sheet1.xml. */
  part: string
}

export interface Relationship {
  type: string
  /** The target part's name inside the zip. */
  part: string
}

/** A part's relationships (`_rels/x.xml.rels`), targets resolved against the part's folder. */
export function relationships(relsXml: string, partName: string): Map<string, Relationship> {
  const folder = partName.includes('/') ? partName.slice(0, partName.lastIndexOf('/') + 1) : ''
  const out = new Map<string, Relationship>()
  for (const m of relsXml.matchAll(new RegExp(`<${P}Relationship\\b([^>]*)/?>`, 'g'))) {
    const a = attributes(m[1])
    if (!a.Id || !a.Target || a.TargetMode === 'External') continue
    let part = a.Target.startsWith('/') ? a.Target.slice(1) : folder + a.Target
    while (/\/[^/]+\/\.\.\//.test(part)) part = part.replace(/[^/]+\/\.\.\//, '')
    out.set(a.Id, { type: a.Type ?? '', part: part.replace(/^\.\//, '') })
  }
  return out
}

/** The rels part of a part: xl/workbook.xml → xl/_rels/workbook.xml.rels. */
export const relsPartOf = (partName: string) => partName.replace(/([^/]*)$/, '_rels/$1.rels')

/** Sheets in workbook order, each with the part that holds it. */
export function sheetsOf(workbookXml: string, rels: Map<string, Relationship>): { sheets: SheetRef[]; date1904: boolean } {
  const sheets: SheetRef[] = []
  for (const m of workbookXml.matchAll(new RegExp(`<${P}sheet\\b([^>]*)/?>`, 'g'))) {
    const a = attributes(m[1])
    const rel = rels.get(a['r:id'] ?? a.id ?? '')
    if (a.name && rel) sheets.push({ name: a.name, part: rel.part })
  }
  const pr = new RegExp(`<${P}workbookPr\\b([^>]*)/?>`).exec(workbookXml)
  const date1904 = pr ? /^(1|true)$/.test(attributes(pr[1]).date1904 ?? '') : false
  return { sheets, date1904 }
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58])

/** A number format shows a date when it has day/month/year/hour parts outside quotes and brackets. */
function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '')
  return /[ymdhse]/i.test(bare.replace(/General/gi, '')) && !/^[#0.,%\s?/E+-]*$/i.test(bare)
}

/**
 * A format of zeros only (`000000`) shows a whole number padded to its width: how a 學號 column
 * typed as numbers keeps its leading zeros on screen. 0 for any other format.
 */
function padWidth(code: string): number {
  return /^0{2,}$/.test(code) ? code.length : 0
}

/** For each cell style index, whether its number format is a date, and the width it zero-pads a number to. */
export function numberStyles(stylesXml: string): { dates: boolean[]; pads: number[] } {
  const custom = new Map<number, string>()
  for (const m of stylesXml.matchAll(new RegExp(`<${P}numFmt\\b([^>]*)/?>`, 'g'))) {
    const a = attributes(m[1])
    custom.set(Number(a.numFmtId), a.formatCode ?? '')
  }
  const dates: boolean[] = []
  const pads: number[] = []
  const cellXfs = new RegExp(`<${P}cellXfs\\b[^>]*>([\\s\\S]*?)</${P}cellXfs>`).exec(stylesXml)
  for (const m of cellXfs?.[1].matchAll(new RegExp(`<${P}xf\\b([^>]*?)/?>`, 'g')) ?? []) {
    const id = Number(attributes(m[1]).numFmtId ?? 0)
    const code = custom.get(id)
    dates.push(code === undefined ? BUILTIN_DATE_FORMATS.has(id) : isDateFormat(code))
    pads.push(code === undefined ? 0 : padWidth(code))
  }
  return { dates, pads }
}
