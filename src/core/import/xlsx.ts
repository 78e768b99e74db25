import { AppError } from '../errors'
import type { RawRow, SheetSource } from './reader'
import type { Cell } from './values'
import {
  detach, numberStyles, relationships, relsPartOf, sharedStrings, sheetsOf, stringItemText, unescapeXml, type SheetRef,
} from './xlsxParts'
import { ZipArchive, ZipError } from './zip'

// Reading .xlsx ourselves rather than through exceljs (issue 3, "Known hazard"): exceljs 4.4.0's
// streaming WorkbookReader decodes each inflated chunk on its own, so a CJK character split
// across two chunks becomes U+FFFD (~190 cells of the 110k-row benchmark file); its
// non-streaming reader is correct but holds the whole book as objects (~3× the memory).
// Here a sheet is inflated in chunks and decoded by one streaming TextDecoder — which never
// splits a character — and its rows are cut out of the text as plain arrays of values, with
// none of exceljs's per-cell objects. test/core/import/xlsx.test.ts proves it on 100k CJK rows.

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)
const EPOCH_1904_MS = Date.UTC(1904, 0, 1)
const DAY_MS = 86_400_000

export function corruptXlsx(fileName: string, why?: string): AppError {
  return new AppError(
    'file-corrupt',
    `無法讀取「${fileName}」：檔案已損毀或不是有效的 Excel 活頁簿（.xlsx）${why ? `（${why}）` : ''}。請重新下載或在 Excel 另存後再匯入。`,
    { file: fileName },
  )
}

/** 'A' → 0, 'AB' → 27. */
function columnIndex(ref: string): number {
  let n = 0
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i)
    if (c < 65 || c > 90) break
    n = n * 26 + (c - 64)
  }
  return n - 1
}

interface Book {
  strings: string[]
  /** Per cell style: whether its number format is a date, and the width a `000000` format pads to (else 0). */
  dates: boolean[]
  pads: number[]
  date1904: boolean
}

/** The text of a cell's `<v>`: the plain `<v>…</v>` Excel writes, or a prefixed/attributed one. */
function valueText(inner: string): string | undefined {
  if (inner.startsWith('<v>')) {
    const end = inner.indexOf('</v>', 3)
    return end < 0 ? undefined : inner.slice(3, end)
  }
  return /<(?:[\w.-]+:)?v(?:\s[^>]*)?>([^<]*)<\//.exec(inner)?.[1]
}

function cellValue(type: string | undefined, style: number, inner: string, book: Book): Cell {
  if (type === 'inlineStr') return stringItemText(inner)
  const v = valueText(inner)
  if (v === undefined) return null
  switch (type) {
    case 's':
      return book.strings[Number(v)] ?? null
    case 'str':
    case 'e':
      return detach(unescapeXml(v))
    case 'b':
      return v === '1' || v === 'true'
    case 'd': {
      const date = new Date(`${v}${/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? '' : 'Z'}`)
      return Number.isNaN(date.getTime()) ? unescapeXml(v) : date
    }
    default: {
      const n = Number(v)
      if (Number.isNaN(n)) return unescapeXml(v)
      // A number in a date format is a date (its UTC fields are the wall clock, as exceljs gives them).
      if (book.dates[style]) return new Date((book.date1904 ? EPOCH_1904_MS : EXCEL_EPOCH_MS) + Math.round(n * DAY_MS / 1000) * 1000)
      // A whole number in a zero-padding format (`000000`) is the text it shows: 學號 9123 is 009123.
      const pad = book.pads[style]
      if (pad && Number.isInteger(n) && n >= 0) return String(n).padStart(pad, '0')
      return n
    }
  }
}

const ROW = /<(?:[\w.-]+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?row>)/g
const CELL = /<(?:[\w.-]+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?c>)/g

/** One attribute of a cell's few (r, s, t); the captured text starts with a space. */
function attribute(attrs: string, name: string): string | undefined {
  const at = attrs.indexOf(` ${name}="`)
  if (at < 0) return undefined
  const from = at + name.length + 3
  return attrs.slice(from, attrs.indexOf('"', from))
}

function parseRow(attrs: string, body: string | undefined, previous: number, book: Book): RawRow {
  const r = attribute(attrs, 'r')
  const row = r ? Number(r) : previous + 1
  const cells: Cell[] = []
  if (body) {
    let position = 0
    CELL.lastIndex = 0
    for (let c = CELL.exec(body); c; c = CELL.exec(body)) {
      const ref = attribute(c[1], 'r')
      const style = attribute(c[1], 's')
      const index = ref ? columnIndex(ref) : position
      position = index + 1
      const value = c[2] === undefined ? null : cellValue(attribute(c[1], 't'), style ? Number(style) : 0, c[2], book)
      while (cells.length < index) cells.push(null)
      cells[index] = value
    }
  }
  return { row, cells }
}

/** Where the last `<row` element starts (rows before it are complete), or -1. */
function lastRowStart(text: string, open: string): number {
  for (let at = text.lastIndexOf(open); at >= 0; at = text.lastIndexOf(open, at - 1)) {
    const next = text.charCodeAt(at + open.length)
    // '<row ' / '<row>' / '<row/>' — not '<rowBreaks'.
    if (next === 32 || next === 62 || next === 47 || next === 9 || next === 10 || next === 13) return at
    if (at === 0) break
  }
  return -1
}

/** Rows of one sheet, cut from the streamed text as soon as each is complete. */
async function* sheetRows(zip: ZipArchive, ref: SheetRef, book: Book, onBytes: (bytes: number) => void): AsyncGenerator<RawRow> {
  const entry = zip.get(ref.part)
  if (!entry) throw new ZipError(`找不到工作表「${ref.name}」`)
  const decoder = new TextDecoder('utf-8')
  let pending = ''
  let open: string | null = null
  let previous = 0
  const parse = function* (text: string): Generator<RawRow> {
    for (const m of text.matchAll(ROW)) {
      const row = parseRow(m[1], m[2], previous, book)
      previous = row.row
      yield row
    }
  }
  for await (const chunk of zip.stream(entry)) {
    onBytes(chunk.length)
    pending += decoder.decode(chunk, { stream: true })
    // Some writers put a namespace prefix on every element (<x:row>): learn it from the root.
    open ??= (() => {
      const root = /<([\w.-]+:)?worksheet\b/.exec(pending)
      return root ? `<${root[1] ?? ''}row` : null
    })()
    if (!open) continue
    const cut = lastRowStart(pending, open)
    if (cut <= 0) continue
    const complete = pending.slice(0, cut)
    pending = pending.slice(cut)
    yield* parse(complete)
  }
  yield* parse(pending + decoder.decode())
}

/** Every sheet of an .xlsx, streamed row by row (rows numbered as Excel numbers them). */
export async function* xlsxSheets(
  bytes: Uint8Array,
  fileName: string,
  onProgress?: (done: number, total: number) => void,
): AsyncGenerator<SheetSource> {
  let zip: ZipArchive
  let book: Book
  let sheets: SheetRef[]
  try {
    zip = new ZipArchive(bytes)
    const text = (name: string | undefined) => {
      const entry = name ? zip.get(name) : undefined
      return entry ? zip.read(entry).toString('utf8') : null
    }
    // The workbook part is named by the package's relationships (xl/workbook.xml in practice).
    const root = relationships(text('_rels/.rels') ?? '', '')
    const workbookPart = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.part ?? 'xl/workbook.xml'
    const workbook = text(workbookPart)
    if (workbook === null) throw new ZipError('不是 Excel 活頁簿')
    const rels = relationships(text(relsPartOf(workbookPart)) ?? '', workbookPart)
    const partOf = (type: string, fallback: string) => [...rels.values()].find((r) => r.type.endsWith(`/${type}`))?.part ?? fallback
    const parts = sheetsOf(workbook, rels)
    sheets = parts.sheets
    const strings = text(partOf('sharedStrings', 'xl/sharedStrings.xml'))
    const styles = text(partOf('styles', 'xl/styles.xml'))
    book = {
      strings: strings ? sharedStrings(strings) : [],
      ...(styles ? numberStyles(styles) : { dates: [], pads: [] }),
      date1904: parts.date1904,
    }
  } catch (error) {
    throw error instanceof ZipError ? corruptXlsx(fileName, error.message) : corruptXlsx(fileName)
  }
  // Progress: the sheets' text read so far, of all their (uncompressed) text.
  const total = sheets.reduce((n, s) => n + (zip.get(s.part)?.size ?? 0), 0) || 1
  let done = 0
  onProgress?.(0, total)
  for (const ref of sheets) {
    const rows = sheetRows(zip, ref, book, (bytes) => onProgress?.((done += bytes), total))
    yield {
      name: ref.name,
      rows: (async function* () {
        try {
          yield* rows
        } catch (error) {
          throw error instanceof ZipError ? corruptXlsx(fileName, error.message) : error
        }
      })(),
    }
  }
  onProgress?.(total, total)
}
