import { AppError } from '../errors'

// How big anything read from a file may be. A file past these is not a school's export —
// it is damaged or made to hang the reader — and is refused while it is being read, never
// after: no part is inflated, no cell or line buffered, beyond its limit.
//
// The real scale (DESIGN.md §4): the biggest file a school has is a ~110,000-row course
// workbook (the fixture's `writeLargeCourseFiles`). Written with inline strings its sheet
// inflates to 80 MB from 8.5 MB, a ratio of 9; saved again by a spreadsheet program (LibreOffice
// Calc), to a 76 MB sheet (ratio 12) and 5 MB of shared strings (ratio 23). Its styles, workbook
// and relationships parts are 1–5 KB each. The caps below leave three times that or more.

const MB = 1024 * 1024

export const LIMITS = {
  /** One worksheet part, inflated. */
  sheetBytes: 256 * MB,
  /**
   * The shared-strings part, inflated (streamed, but every string is kept). Were every one of the
   * 110k rows' descriptions distinct, it would be ~30 MB.
   */
  sharedStringsBytes: 64 * MB,
  /**
   * Distinct strings in it: that file has ~230,000 (an ID, a course code and a description a
   * row); millions of tiny ones would cost a long garbage-collection pause to hold.
   */
  sharedStrings: 1_048_576,
  /** A part read whole: workbook, relationships, styles. */
  smallPartBytes: 8 * MB,
  /** Every part of one workbook together, inflated. */
  workbookBytes: 320 * MB,
  /**
   * Inflated over compressed size — of one part, and of all parts inflated so far over the whole
   * file — past `ratioFloor`. Real parts are 2–10× their compressed size; deflate cannot do much
   * better than 1,000× — which is what a zip bomb does.
   */
  ratio: 100,
  ratioFloor: 16 * MB,
  /** Excel's own limits: characters in a cell, rows and columns of a sheet. */
  cellChars: 32_767,
  rows: 1_048_576,
  columns: 16_384,
  /** One line (record) of a text file, in characters; a line of the real files is well under 2,000. */
  lineChars: 1_048_576,
  /** One XML tag, comment or declaration, whole (Excel's are under 1 KB). */
  tagChars: 64 * 1024,

  // Books read whole (sheetjs.ts): .xls, a web page's table, .ods. SheetJS holds all of a book
  // at once (~300–550 bytes a cell), so these are checked before it parses anything, and it
  // parses in a worker thread with a heap of its own (parseWorker.ts). The biggest real book,
  // the 110,000-row course book: as .xls it stops at BIFF8's 65,536 rows (15 MB, 1.05 M cells,
  // a 580 MB heap, 6 s); as .ods its content part inflates to 219 MB (ratio 42) and holds
  // 1.76 M cells (a 520 MB heap, 20 s on a loaded machine).
  /** An .xls file: BIFF8 holds no more than 65,536 rows, which make 15 MB. */
  xlsBytes: 48 * MB,
  /** A web page's table, as a file: a web admin page's 110,000 rows with their markup are ~60 MB. */
  htmlBytes: 128 * MB,
  /** Cells of one book read whole, every sheet together. */
  wholeBookCells: 3_000_000,
  /** Sheets of one book read whole (a school's have up to ten). */
  wholeBookSheets: 1000,
  /** The parser's own heap: past it the book is refused, the window untouched. */
  parserHeapMb: 2048,
  /**
   * How long the parser may take: generous, the machine may be busy (the 110,000-row .ods, 5 MB,
   * took up to 45 s on a loaded 2-core machine); a file that takes longer is refused.
   */
  parseMs: (bytes: number) => 90_000 + (10_000 * bytes) / MB,

  // The central database's 收訖 zip (receiptZip.ts): a JSON file a kind. The 110,000 course rows
  // as JSON are ~45 MB; a JSON file inflates ~10–20 times (its keys repeat on every record).
  /** One data file of the zip, inflated. */
  receiptEntryBytes: 192 * MB,
  /** SHA.txt, inflated. */
  receiptListBytes: 1 * MB,
  /** Entries of one zip: SHA.txt and up to four data files, in practice. */
  receiptEntries: 100,
}

/** 0 → 'A', 27 → 'AB': a column as Excel labels it. */
export function columnLetter(index: number): string {
  let label = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) label = String.fromCharCode(65 + ((n - 1) % 26)) + label
  return label
}

const plain = (n: number) => n.toLocaleString('en-US')

/** Where in a file: 「x.xlsx」工作表「名冊」第 5 列 C 欄, or 「x.csv」第 5 列 C 欄. */
export interface Place {
  file: string
  sheet?: string
  row: number
  column?: number
}

function where(place: Place): string {
  const sheet = place.sheet === undefined ? '' : `工作表「${place.sheet}」`
  const column = place.column === undefined ? '' : ` ${columnLetter(place.column)} 欄`
  return `「${place.file}」${sheet}第 ${place.row} 列${column}`
}

const detail = (place: Place) => ({ ...place, column: place.column === undefined ? undefined : columnLetter(place.column) })

export function cellTooLong(place: Place): AppError {
  return new AppError(
    'cell-too-long',
    `${where(place)}的內容超過 Excel 儲存格的上限（${plain(LIMITS.cellChars)} 字），無法讀取這個檔案。請確認檔案是否正確，或在 Excel 開啟後另存再匯入。`,
    detail(place),
  )
}

export function lineTooLong(place: Place): AppError {
  return new AppError(
    'cell-too-long',
    `${where(place)}的內容過長（這一列超過 ${plain(LIMITS.lineChars)} 字），不像是學校匯出的檔案，無法讀取。請確認檔案是否正確。`,
    detail(place),
  )
}

export function tooManyRows(place: Place): AppError {
  return new AppError(
    'sheet-too-large',
    `${where(place)}超過 Excel 的列數上限（${plain(LIMITS.rows)} 列），無法讀取這個檔案。`,
    detail(place),
  )
}

/** More rows in one sheet than Excel's grid holds, however they are numbered. */
export function tooManyRowsIn(place: { file: string; sheet: string }): AppError {
  return new AppError(
    'sheet-too-large',
    `「${place.file}」工作表「${place.sheet}」有超過 ${plain(LIMITS.rows)} 列，超過 Excel 的列數上限，無法讀取這個檔案。`,
    place,
  )
}

export function tooManyColumns(place: Place): AppError {
  return new AppError(
    'sheet-too-large',
    `${where(place)}超過 Excel 的欄數上限（${plain(LIMITS.columns)} 欄，到 XFD 欄為止），無法讀取這個檔案。`,
    detail(place),
  )
}

/** A part of a workbook that inflates past its cap (or past any sane ratio). */
export function partTooBig(file: string, what: string, why: 'size' | 'ratio' | 'total', cap: number): AppError {
  const reason = {
    size: `${what}解壓縮後超過 ${cap / MB} MB`,
    ratio: `${what}解壓縮後是壓縮大小的 ${plain(cap)} 倍以上，是異常的壓縮檔`,
    total: `活頁簿解壓縮後的內容合計超過 ${cap / MB} MB（讀到${what}時）`,
  }[why]
  return new AppError(
    'file-too-big',
    `無法讀取「${file}」：${reason}，不像是學校匯出的檔案。請確認檔案是否正確，或在 Excel 開啟後另存再匯入。`,
    { file },
  )
}
