import { cellTooLong, columnLetter, LIMITS, tooManyColumns, tooManyRows, tooManyRowsIn } from './limits'
import type { RawRow } from './reader'
import type { Cell } from './values/cells'
import { detach, ItemText, unescapeXml } from './xlsxParts'
import { XmlError, type XmlHandler } from './xmlScan'

// The rows of one worksheet, cut out as the scanner hands over `<row>`, `<c>`, `<v>` and inline
// `<is>` elements: each row is a plain array of values, with none of exceljs's per-cell objects.
// Excel's own limits hold: a row past 1,048,576 (by number or by count), a column past XFD or
// a cell past 32,767 characters is refused with where it is, as is a row or cell left open.
// A row without any value (a formatted blank row) is not handed on.

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)
const EPOCH_1904_MS = Date.UTC(1904, 0, 1)
const DAY_MS = 86_400_000

/** A date serial as a Date whose UTC fields are the wall clock (as exceljs gives them), to the second. */
export const dateOfSerial = (n: number, date1904: boolean) =>
  new Date((date1904 ? EPOCH_1904_MS : EXCEL_EPOCH_MS) + Math.round(n * DAY_MS / 1000) * 1000)

export interface Book {
  strings: string[]
  /** Per cell style: whether its number format is a date, and the width a `000000` format pads to (else 0). */
  dates: boolean[]
  pads: number[]
  date1904: boolean
}

/** What starts each attribute a row or cell has (r, s, t) in its tag's text. */
const R = ' r="'
const S = ' s="'
const T = ' t="'

// A cell's attributes are read where they stand in its tag, not cut out of it: a sheet of
// 110,000 rows has two million cells, and three little strings per cell were most of the
// reading thread's garbage.

/** Where the value of an attribute (R, S, T) starts in the tag's text; -1 when the tag has none. */
function valueAt(tag: string, start: string): number {
  const at = tag.indexOf(start)
  return at < 0 ? -1 : at + start.length
}

/** One attribute of a cell's or row's few, by what starts it (R, S, T). */
function attribute(tag: string, start: string): string | undefined {
  const from = valueAt(tag, start)
  return from < 0 ? undefined : tag.slice(from, tag.indexOf('"', from))
}

/** The column of a cell's `r` ('A1' → 0, 'AB7' → 27); -1 without one or without letters; LIMITS.columns past XFD. */
function columnOf(tag: string): number {
  const from = valueAt(tag, R)
  if (from < 0) return -1
  let n = 0
  for (let i = from; i < tag.length; i++) {
    const c = tag.charCodeAt(i)
    if (c < 65 || c > 90) break
    n = n * 26 + (c - 64)
    if (n > LIMITS.columns) return LIMITS.columns
  }
  return n - 1
}

/** A cell's style number (`s`), 0 without one; what is not a plain number reads as Number() reads it. */
function styleOf(tag: string): number {
  const from = valueAt(tag, S)
  if (from < 0) return 0
  let n = 0
  for (let i = from; i < tag.length; i++) {
    const c = tag.charCodeAt(i)
    if (c === 34) return n
    if (c < 48 || c > 57) break
    n = n * 10 + (c - 48)
  }
  return Number(attribute(tag, S))
}

/** The cell types Excel writes, each one string for every cell that has it. */
const CELL_TYPES = ['s', 'str', 'e', 'b', 'd', 'n', 'inlineStr']

/** A cell's type (`t`), undefined without one. */
function typeOf(tag: string): string | undefined {
  const from = valueAt(tag, T)
  if (from < 0) return undefined
  for (const type of CELL_TYPES) if (tag.startsWith(type, from) && tag.charCodeAt(from + type.length) === 34) return type
  return attribute(tag, T)
}

function cellValue(type: string | undefined, style: number, v: string | undefined, book: Book): Cell {
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
      return Number.isNaN(date.getTime()) ? detach(unescapeXml(v)) : date
    }
    default: {
      const n = Number(v)
      if (Number.isNaN(n)) return detach(unescapeXml(v))
      // A number in a date format is a date (its UTC fields are the wall clock, as exceljs gives them).
      if (book.dates[style]) return dateOfSerial(n, book.date1904)
      // A whole number in a zero-padding format (`000000`) is the text it shows: 學號 9123 is 009123.
      const pad = book.pads[style]
      if (pad && Number.isInteger(n) && n >= 0) return String(n).padStart(pad, '0')
      return n
    }
  }
}

interface OpenCell {
  index: number
  type: string | undefined
  style: number
  /** The `<v>` text as written, if the cell has one. */
  value: string | undefined
  inline: string | undefined
}

export class SheetRows implements XmlHandler {
  private done: RawRow[] = []
  private inData = false
  private row: RawRow | null = null
  private previous = 0
  private rowsSeen = 0
  private position = 0
  private cell: OpenCell | null = null
  private readonly reusedCell: OpenCell = { index: 0, type: undefined, style: 0, value: undefined, inline: undefined }
  private collectingValue = false
  private readonly inline = new ItemText(() => this.cellTooLong())

  constructor(private readonly book: Book, private readonly place: { file: string; sheet: string }) {}

  /** The rows completed since last asked. */
  take(): RawRow[] {
    const rows = this.done
    this.done = []
    return rows
  }

  /** The end of the sheet: nothing may be left open. */
  end(): void {
    if (this.row) throw this.leftOpen()
  }

  get wantsText(): boolean {
    return this.collectingValue || this.inline.wantsText
  }

  open(name: string, tag: string, empty: boolean): void {
    if (name === 'sheetData') this.inData = !empty
    else if (!this.inData) return
    else if (this.cell) this.openInCell(name, empty)
    else if (name === 'row') this.openRow(tag, empty)
    else if (name === 'c' && this.row) this.openCell(tag, empty)
  }

  close(name: string): void {
    const cell = this.cell
    if (cell) {
      if (name === 'c') this.closeCell(cell)
      else if (name === 'row' || name === 'sheetData') throw this.leftOpen()
      else if (name === 'v') this.collectingValue = false
      else if (name === 'is' && this.inline.active) cell.inline = this.inline.finish()
      else if (this.inline.active) this.inline.closeInside(name)
    } else if (name === 'row' && this.row) {
      this.finishRow(this.row)
      this.row = null
    } else if (name === 'sheetData') {
      this.end()
      this.inData = false
    }
  }

  text(raw: string): void {
    if (!this.collectingValue) return this.inline.text(raw)
    const cell = this.cell!
    cell.value += raw
    if (cell.value!.length > LIMITS.cellChars * 10) throw this.cellTooLong()
  }

  private openRow(tag: string, empty: boolean): void {
    if (this.row) throw this.leftOpen()
    const r = attribute(tag, R)
    const row = r === undefined ? this.previous + 1 : /^\d{1,15}$/.test(r) ? Number(r) : 0
    if (row < 1) throw new XmlError(`工作表「${this.place.sheet}」有無效的列號「${String(r).slice(0, 20)}」`)
    if (row > LIMITS.rows) throw tooManyRows({ ...this.place, row })
    // However its rows are numbered, a sheet holds no more rows than Excel's grid.
    if (++this.rowsSeen > LIMITS.rows) throw tooManyRowsIn(this.place)
    this.previous = row
    this.position = 0
    if (!empty) this.row = { row, cells: [] }
  }

  /** A row without a single value is not handed on: a sheet's formatted but empty rows cost nothing. */
  private finishRow(row: RawRow): void {
    if (row.cells.some((cell) => cell !== null)) this.done.push(row)
  }

  private openCell(tag: string, empty: boolean): void {
    const row = this.row!
    const named = columnOf(tag)
    const index = named >= 0 ? named : this.position
    if (index >= LIMITS.columns) throw tooManyColumns({ ...this.place, row: row.row, column: index })
    this.position = index + 1
    if (empty) return this.put(index, null)
    // One cell is open at a time: its record is reused, not made again for each of the sheet's cells.
    const cell = this.reusedCell
    cell.index = index
    const type = typeOf(tag)
    cell.type = type
    // Only a number's style says anything (a date, a zero-padded 學號): text cells skip looking for it.
    cell.style = type === undefined || type === 'n' || !CELL_TYPES.includes(type) ? styleOf(tag) : 0
    cell.value = undefined
    cell.inline = undefined
    this.cell = cell
  }

  private openInCell(name: string, empty: boolean): void {
    const cell = this.cell!
    if (name === 'c' || name === 'row') throw this.leftOpen()
    if (name === 'v' && !empty) {
      cell.value = ''
      this.collectingValue = true
    } else if (name === 'is' && !empty) {
      this.inline.start()
    } else if (this.inline.active) {
      this.inline.openInside(name, empty)
    }
  }

  private closeCell(cell: OpenCell): void {
    if (this.inline.active) throw this.leftOpen()
    const value = cell.type === 'inlineStr' ? cell.inline ?? '' : cellValue(cell.type, cell.style, cell.value, this.book)
    if (typeof value === 'string' && value.length > LIMITS.cellChars) throw this.cellTooLong()
    this.cell = null
    this.collectingValue = false
    this.put(cell.index, value)
  }

  private put(index: number, value: Cell): void {
    const cells = this.row!.cells
    while (cells.length < index) cells.push(null)
    cells[index] = value
  }

  private cellTooLong() {
    return cellTooLong({ ...this.place, row: this.row?.row ?? this.previous, column: this.cell?.index })
  }

  private leftOpen() {
    const where = this.cell ? `第 ${this.row!.row} 列 ${columnLetter(this.cell.index)} 欄的儲存格` : `第 ${this.row!.row} 列`
    return new XmlError(`工作表「${this.place.sheet}」${where}沒有結束標記`)
  }
}
