import { AppError } from '../errors'
import { LIMITS } from './limits'
import { XmlError, type XmlHandler } from './xmlScan'

// The small parts of an .xlsx: which sheets it has (workbook + its relationships), which cell
// styles are dates or zero-padded numbers (styles), and the shared strings. Each is read by a
// handler of the streaming scanner (xmlScan.ts), which hands it the few elements it follows.

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

function codePoint(reference: string, whole: string): string {
  const n = reference[1] === 'x' ? parseInt(reference.slice(2), 16) : parseInt(reference.slice(1), 10)
  // A reference past Unicode (a damaged or forged file) stays as written.
  return n <= 0x10ffff ? String.fromCodePoint(n) : whole
}

/** XML entities and Excel's `_xHHHH_` escapes (used for control characters) → text. */
export function unescapeXml(text: string): string {
  if (text.indexOf('&') < 0 && text.indexOf('_x') < 0) return text
  return text
    .replace(/&(#x[0-9a-fA-F]{1,8}|#\d{1,10}|amp|lt|gt|quot|apos);/g, (whole, e: string) => (e[0] === '#' ? codePoint(e, whole) : ENTITIES[e]))
    .replace(/_x([0-9a-fA-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = m[1].includes(':') && !m[1].startsWith('xmlns') ? m[1].slice(m[1].indexOf(':') + 1) : m[1]
    // r:id keeps its local name `id` under the key 'r:id' as well, for relationships.
    out[m[1]] = unescapeXml(m[2] ?? m[3] ?? '')
    out[name] ??= out[m[1]]
  }
  return out
}

/**
 * The text of string items — `<si>` of the shared strings, `<is>` of an inline cell: their `<t>`
 * runs, without phonetic guides (`<rPh>`). Kept raw while read, no longer than a cell's text can
 * be written (an entity per character at worst), and refused past Excel's cell limit.
 */
export class ItemText {
  private raw = ''
  private collecting = false
  private phonetic = 0
  private item = false

  constructor(private readonly tooLong: () => Error) {}

  /** Whether an item is being read (started, not yet finished). */
  get active(): boolean {
    return this.item
  }

  get wantsText(): boolean {
    return this.collecting
  }

  start(): void {
    this.item = true
    this.raw = ''
    this.phonetic = 0
  }

  /** An element inside the item. */
  openInside(name: string, empty: boolean): void {
    if (empty) return
    if (name === 't' && this.phonetic === 0) this.collecting = true
    else if (name === 'rPh') this.phonetic += 1
  }

  closeInside(name: string): void {
    if (name === 't') this.collecting = false
    else if (name === 'rPh' && this.phonetic > 0) this.phonetic -= 1
  }

  text(raw: string): void {
    this.raw += raw
    if (this.raw.length > LIMITS.cellChars * 10) throw this.tooLong()
  }

  /** The item's text, ending it. */
  finish(): string {
    const text = unescapeXml(this.raw)
    this.item = false
    this.collecting = false
    this.raw = ''
    if (text.length > LIMITS.cellChars) throw this.tooLong()
    return detach(text)
  }
}

/** The shared strings, in order. */
export class SharedStrings implements XmlHandler {
  readonly strings: string[] = []
  private readonly item: ItemText

  constructor(private readonly fileName: string) {
    this.item = new ItemText(() => new AppError(
      'cell-too-long',
      `「${fileName}」的共用字串第 ${this.strings.length + 1} 項超過 Excel 儲存格的上限（${LIMITS.cellChars.toLocaleString('en-US')} 字），無法讀取這個檔案。`,
      { file: fileName },
    ))
  }

  get wantsText(): boolean {
    return this.item.wantsText
  }

  private tooMany(): AppError {
    return new AppError(
      'file-too-big',
      `無法讀取「${this.fileName}」：共用字串超過 ${LIMITS.sharedStrings.toLocaleString('en-US')} 項，不像是學校匯出的檔案。請確認檔案是否正確，或在 Excel 開啟後另存再匯入。`,
      { file: this.fileName },
    )
  }

  open(name: string, _tag: string, empty: boolean): void {
    if (name === 'si') {
      if (this.item.active) throw new XmlError(`共用字串第 ${this.strings.length + 1} 項沒有結束標記`)
      if (this.strings.length >= LIMITS.sharedStrings) throw this.tooMany()
      if (empty) this.strings.push('')
      else this.item.start()
    } else if (this.item.active) {
      this.item.openInside(name, empty)
    }
  }

  close(name: string): void {
    if (name === 'si' && this.item.active) this.strings.push(this.item.finish())
    else if (this.item.active) this.item.closeInside(name)
  }

  text(raw: string): void {
    this.item.text(raw)
  }
}

/** A handler that only looks at start tags. */
abstract class TagsOnly implements XmlHandler {
  readonly wantsText = false
  abstract open(name: string, tag: string, empty: boolean): void
  close(_name: string): void {}
  text(): void {}
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

/** `xl/worksheets/../media/a.png` → `xl/media/a.png`, in one pass (`..` past the top is dropped). */
function resolved(path: string): string {
  const out: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '..') out.pop()
    else if (segment !== '.') out.push(segment)
  }
  return out.join('/')
}

/** A part's relationships (`_rels/x.xml.rels`), targets resolved against the part's folder. */
export class Relationships extends TagsOnly {
  readonly byId = new Map<string, Relationship>()
  private readonly folder: string

  constructor(partName: string) {
    super()
    this.folder = partName.includes('/') ? partName.slice(0, partName.lastIndexOf('/') + 1) : ''
  }

  open(name: string, tag: string): void {
    if (name !== 'Relationship') return
    const a = attributes(tag)
    if (!a.Id || !a.Target || a.TargetMode === 'External') return
    this.byId.set(a.Id, { type: a.Type ?? '', part: resolved(a.Target.startsWith('/') ? a.Target.slice(1) : this.folder + a.Target) })
  }

  /** The part of the first relationship of a type (`officeDocument`, `styles`…). */
  partOf(type: string): string | undefined {
    return [...this.byId.values()].find((r) => r.type.endsWith(`/${type}`))?.part
  }
}

/** The rels part of a part: xl/workbook.xml → xl/_rels/workbook.xml.rels. */
export const relsPartOf = (partName: string) => partName.replace(/([^/]*)$/, '_rels/$1.rels')

/** Sheets in workbook order, each with the part that holds it, and the date system. */
export class WorkbookSheets extends TagsOnly {
  readonly sheets: SheetRef[] = []
  date1904 = false

  constructor(private readonly rels: Relationships) {
    super()
  }

  open(name: string, tag: string): void {
    if (name === 'sheet') {
      const a = attributes(tag)
      const rel = this.rels.byId.get(a['r:id'] ?? a.id ?? '')
      if (a.name && rel) this.sheets.push({ name: a.name, part: rel.part })
    } else if (name === 'workbookPr') {
      this.date1904 = /^(1|true)$/.test(attributes(tag).date1904 ?? '')
    }
  }
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58])

/** A number format shows a date when it has day/month/year/hour parts outside quotes and brackets. */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '')
  return /[ymdhse]/i.test(bare.replace(/General/gi, '')) && !/^[#0.,%\s?/E+-]*$/i.test(bare)
}

/**
 * A format of zeros only (`000000`) shows a whole number padded to its width: how a 學號 column
 * typed as numbers keeps its leading zeros on screen. 0 for any other format.
 */
export function padWidth(code: string): number {
  return /^0{2,}$/.test(code) ? code.length : 0
}

/** For each cell style index, whether its number format is a date, and the width it zero-pads a number to. */
export class NumberStyles implements XmlHandler {
  readonly wantsText = false
  private readonly custom = new Map<number, string>()
  private readonly formats: number[] = []
  private section: 'numFmts' | 'cellXfs' | null = null

  open(name: string, tag: string, empty: boolean): void {
    if ((name === 'numFmts' || name === 'cellXfs') && !empty) this.section = name
    else if (name === 'numFmt' && this.section === 'numFmts') {
      const a = attributes(tag)
      this.custom.set(Number(a.numFmtId), a.formatCode ?? '')
    } else if (name === 'xf' && this.section === 'cellXfs') {
      this.formats.push(Number(attributes(tag).numFmtId ?? 0))
    }
  }

  close(name: string): void {
    if (name === this.section) this.section = null
  }

  text(): void {}

  get dates(): boolean[] {
    return this.formats.map((id) => {
      const code = this.custom.get(id)
      return code === undefined ? BUILTIN_DATE_FORMATS.has(id) : isDateFormat(code)
    })
  }

  get pads(): number[] {
    return this.formats.map((id) => {
      const code = this.custom.get(id)
      return code === undefined ? 0 : padWidth(code)
    })
  }
}
