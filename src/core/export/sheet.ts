import { once, type EventEmitter } from 'node:events'
import type { Row, Style, Worksheet } from 'exceljs'
import type { DateStyle, ItemStatus } from '../../shared/domain'
import { ITEM_STATUS_LABELS } from '../../shared/domain'
import { toExcelDate } from './dates'
import { styleFor } from './formulaText'
import {
  columnWidth,
  displayWidth,
  fixedWidth,
  headerFooter,
  printSetup,
  type CellKind,
  type PageHeading,
  type Styles,
} from './style'

// One sheet, written row by row by exceljs's streaming writer. A streamed sheet writes its
// column widths before its first row, so widths must be known first: a big list says how
// wide its content is (measured by the DB, see items.ts); a small table is read twice,
// once to measure and once to write. Row sources hand out their rows in chunks.

export type RawValue = string | number | null | undefined

export interface Column<R> {
  header: string
  kind?: CellKind
  /** Text, a number, a Taipei timestamp (date kinds) or an ItemStatus (status kind). */
  value(row: R): RawValue
  /** Fill the header like the status this column counts. */
  headerStatus?: ItemStatus
  /** The widest this column may grow (wrapping text past it). */
  maxWidth?: number
  /** The width of its widest value, when known without reading the rows (big lists). */
  contentWidth?: number
}

export type RowSource<R> = () => AsyncIterable<R[]>

export interface TableBlock<R> {
  /** A bold line above the table (sheets holding several tables). */
  caption?: string
  /** Header cells above the column headers, each spanning some columns. */
  groups?: { label: string; span: number }[]
  columns: Column<R>[]
  rows: RowSource<R>
  /** Rows printed bold (totals). */
  emphasis?(row: R): boolean
  /** Shown in place of an empty table. */
  emptyText?: string
}

export interface SheetSpec {
  name: string
  title: string
  /** Lines under the title: scope, privacy, instructions. */
  notes: string[]
  // A heterogeneous list: each block has its own row type.
  blocks: TableBlock<any>[] // eslint-disable-line @typescript-eslint/no-explicit-any
  /** A list: one table whose header row is frozen, filtered and printed on every page. */
  list: boolean
  /** End with the office's sign-off row (承辦人 / 組長 / 主任 / 校長). */
  signOff: boolean
  landscape?: boolean
}

export interface SheetEnv {
  styles: Styles
  dateStyle: DateStyle
  heading: Omit<PageHeading, 'title'>
  /** Called after each chunk of data rows written. */
  onRows(count: number): void
}

interface WorkbookLike {
  addWorksheet(name: string, options: object): Worksheet
}

export const SIGN_OFF = ['承辦人', '組長', '主任', '校長'] as const

/** An in-memory table as a row source. */
export function rowsOf<R>(rows: R[]): RowSource<R> {
  return async function* () {
    if (rows.length) yield rows
  }
}

/** Writes one sheet and returns how many data rows it holds. */
export async function writeSheet(book: WorkbookLike, spec: SheetSpec, env: SheetEnv): Promise<number> {
  const widths = await measure(spec, env.dateStyle)
  const columnCount = Math.max(widths.length, spec.signOff ? SIGN_OFF.length : 1)
  while (widths.length < columnCount) widths.push(12)
  const totalWidth = widths.reduce((a, b) => a + b, 0)

  const first = spec.blocks[0]
  const headerRow = 1 + spec.notes.length + (first?.caption ? 1 : 0) + (first?.groups ? 1 : 0) + 1
  const ws = book.addWorksheet(spec.name, {
    views: spec.list
      ? [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }]
      : [{}],
    pageSetup: {
      ...printSetup(totalWidth, spec.landscape),
      ...(spec.list ? { printTitlesRow: `${headerRow - (first?.groups ? 1 : 0)}:${headerRow}` } : {}),
    },
    headerFooter: headerFooter({ ...env.heading, title: spec.title }),
  })
  ws.columns = widths.map((width) => ({ width }))
  // A list prints with grid lines; a page of small tables boxes its tables' cells instead.
  if (spec.list) printGridLines(ws)
  const cellStyles = spec.list ? env.styles : { ...env.styles, ...env.styles.boxed }

  let r = 0
  /** A line across the table, as many lines high as its text wraps to at its font size. */
  const line = (text: string, style: Partial<Style>, points: number) => {
    r += 1
    const row = ws.getRow(r)
    row.getCell(1).value = text
    row.getCell(1).style = styleFor(text, style)
    // Column widths are in characters of the 11-point default font.
    const lines = wrappedLines(text, (totalWidth * 11) / points)
    row.height = Math.ceil(points * 1.45 * lines + 4)
    ws.mergeCells(r, 1, r, columnCount)
    row.commit()
  }
  line(spec.title, env.styles.title, 14)
  for (const note of spec.notes) line(note, env.styles.note, 10)

  let written = 0
  for (const [index, block] of spec.blocks.entries()) {
    if (index > 0) r += 1 // a blank row between tables
    if (block.caption) line(block.caption, env.styles.caption, 12)
    if (block.groups) r = writeGroups(ws, r + 1, block.groups, env.styles)
    r += 1
    const head = ws.getRow(r)
    block.columns.forEach((column, i) => {
      const cell = head.getCell(i + 1)
      cell.value = column.header
      cell.style = column.headerStatus ? env.styles.statusHeader[column.headerStatus] : env.styles.header
    })
    const headerLines = Math.max(...block.columns.map((c) => c.header.split('\n').length))
    if (headerLines > 1) head.height = 16 * headerLines + 2
    head.commit()
    const firstDataRow = r + 1
    // The autofilter covers the rows up to the last one that is not a total (合計), so that
    // sorting a column never moves the totals in among the classes.
    let lastFiltered = headerRow
    for await (const chunk of block.rows()) {
      for (const data of chunk) {
        r += 1
        writeDataRow(ws.getRow(r), block, data, cellStyles, widths, !spec.list)
        if (!block.emphasis?.(data)) lastFiltered = r
      }
      written += chunk.length
      env.onRows(chunk.length)
      await backlogDrained(ws)
    }
    if (r < firstDataRow && block.emptyText) line(block.emptyText, env.styles.note, 10)
    if (spec.list && index === 0) {
      ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: lastFiltered, column: block.columns.length } }
    }
  }
  if (spec.signOff) r = writeSignOff(ws, r + 2, columnCount, env.styles)
  // Print exactly the table's columns, whatever a spreadsheet program thinks is in use.
  ws.pageSetup.printArea = `A1:${columnLetter(columnCount)}${r}`
  ws.commit()
  return written
}

/**
 * Waits until the zip's compressor has taken what this sheet wrote so far. exceljs writes
 * into the zip entry without heeding backpressure, so a sheet written faster than deflate
 * runs would pile up in memory; waiting here keeps a 100,000-row export's memory flat.
 */
async function backlogDrained(ws: Worksheet) {
  await new Promise((resolve) => setImmediate(resolve))
  type Entry = EventEmitter & { _writableState?: { needDrain?: boolean } }
  const entry = (ws as unknown as { stream?: { pipes?: Entry[] } }).stream?.pipes?.[0]
  if (entry?._writableState?.needDrain) await once(entry, 'drain')
}

/**
 * exceljs's streaming writer (4.4) leaves out a sheet's print options. Printed grid lines
 * are what keep a long list readable on paper (cheaper than a border on every cell), so
 * they are written where the schema wants them: right before the page margins.
 */
function printGridLines(ws: Worksheet) {
  const writer = ws as unknown as { _writePageMargins(): void; stream: { write(xml: string): void } }
  const writeMargins = writer._writePageMargins.bind(writer)
  writer._writePageMargins = () => {
    writer.stream.write('<printOptions horizontalCentered="1" gridLines="1"/>')
    writeMargins()
  }
}

function writeDataRow<R>(
  row: Row,
  block: TableBlock<R>,
  data: R,
  styles: Pick<Styles, 'plain' | 'bold' | 'status'>,
  widths: number[],
  /** Style empty cells too (boxed tables), not only those with a value. */
  styleEmpty: boolean,
) {
  const bold = block.emphasis?.(data) ?? false
  let lines = 1
  block.columns.forEach((column, i) => {
    const raw = column.value(data)
    const kind = column.kind ?? 'text'
    if (raw === null || raw === undefined || raw === '') {
      if (styleEmpty) row.getCell(i + 1).style = (bold ? styles.bold : styles.plain)[kind === 'status' ? 'text' : kind]
      return
    }
    const cell = row.getCell(i + 1)
    if (kind === 'wrap') lines = Math.max(lines, wrappedLines(String(raw), widths[i]))
    if (kind === 'status') {
      cell.value = ITEM_STATUS_LABELS[raw as ItemStatus] ?? String(raw)
      cell.style = styles.status[raw as ItemStatus] ?? styles.plain.text
      return
    }
    if (kind === 'date' || kind === 'dateTime') {
      const date = toExcelDate(String(raw))
      cell.value = date ?? String(raw)
      cell.style = styleFor(cell.value, (bold ? styles.bold : styles.plain)[date ? kind : 'text'])
      return
    }
    cell.value = raw
    cell.style = styleFor(raw, (bold ? styles.bold : styles.plain)[kind])
  })
  // Spreadsheet programs do not grow a row for wrapped text they load (LibreOffice keeps
  // the default height), so a wrapping row gets the height its lines need.
  if (lines > 1) row.height = LINE_HEIGHT * lines + 2
  row.commit()
}

const LINE_HEIGHT = 16

/** How many lines a text wraps to in a column of the given width. */
function wrappedLines(text: string, width: number): number {
  const room = Math.max(1, width - 1)
  if (text.length * 2 <= room && !text.includes('\n')) return 1 // fits however wide its characters
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / room)), 0)
}

function writeGroups(ws: Worksheet, r: number, groups: { label: string; span: number }[], styles: Styles): number {
  const row = ws.getRow(r)
  let c = 1
  for (const group of groups) {
    for (let i = 0; i < group.span; i++) row.getCell(c + i).style = styles.header
    row.getCell(c).value = group.label
    if (group.span > 1) ws.mergeCells(r, c, r, c + group.span - 1)
    c += group.span
  }
  row.commit()
  return r
}

/** The office's sign-off boxes: four labelled boxes across the page, room to stamp below. */
function writeSignOff(ws: Worksheet, r: number, columnCount: number, styles: Styles): number {
  const labels = ws.getRow(r)
  const boxes = ws.getRow(r + 1)
  boxes.height = 48
  const spans = SIGN_OFF.map((_, i) => [
    Math.floor((i * columnCount) / SIGN_OFF.length) + 1,
    Math.floor(((i + 1) * columnCount) / SIGN_OFF.length),
  ])
  SIGN_OFF.forEach((label, i) => {
    const [from, to] = spans[i]
    for (let c = from; c <= to; c++) {
      labels.getCell(c).style = styles.signOffLabel
      boxes.getCell(c).style = styles.signOffBox
    }
    labels.getCell(from).value = label
    if (to > from) {
      ws.mergeCells(r, from, r, to)
      ws.mergeCells(r + 1, from, r + 1, to)
    }
  })
  labels.commit()
  boxes.commit()
  return r + 1
}

function columnLetter(n: number): string {
  let letters = ''
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters
  return letters
}

/** The first pass: how wide each column must be for its header and its widest value. */
async function measure(spec: SheetSpec, dateStyle: DateStyle): Promise<number[]> {
  const widths: number[] = []
  const kinds: CellKind[] = []
  const caps: (number | undefined)[] = []
  for (const block of spec.blocks) {
    const columns = block.columns as Column<unknown>[]
    columns.forEach((column, i) => {
      const kind = column.kind ?? 'text'
      kinds[i] = kinds[i] === 'wrap' ? 'wrap' : kind
      caps[i] = column.maxWidth ?? caps[i]
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(column.header), fixedWidth(kind, dateStyle) ?? 0)
    })
    columns.forEach((column, i) => {
      if (column.contentWidth !== undefined) widths[i] = Math.max(widths[i], column.contentWidth)
    })
    const measured = columns.map(
      (column) => fixedWidth(column.kind ?? 'text', dateStyle) === null && column.contentWidth === undefined,
    )
    if (!measured.some(Boolean)) continue
    for await (const chunk of block.rows()) {
      for (const row of chunk) {
        for (let i = 0; i < columns.length; i++) {
          if (!measured[i]) continue
          const raw = columns[i].value(row)
          if (raw === null || raw === undefined) continue
          const text = columns[i].kind === 'status' ? ITEM_STATUS_LABELS[raw as ItemStatus] ?? String(raw) : String(raw)
          const w = displayWidth(text)
          if (w > widths[i]) widths[i] = w
        }
      }
    }
  }
  return widths.map((w, i) => columnWidth(w, kinds[i] ?? 'text', caps[i]))
}
