import { Parser, type CsvError } from 'csv-parse'
import { AppError } from '../errors'
import { nextTurn, ROWS_PER_TURN } from '../eventLoop'
import { cellTooLong, LIMITS, lineTooLong, tooManyColumns, tooManyRows } from './limits'
import type { OpenOptions, RawRow } from './reader'

const SLICE = 256 * 1024

/** Comma unless the first lines hold more tabs (Excel's "Unicode text") or semicolons. */
export function detectDelimiter(source: Uint8Array | readonly string[]): string {
  const start = source instanceof Uint8Array ? Buffer.from(source.subarray(0, 8192)).toString('utf8') : (source[0] ?? '').slice(0, 8192)
  const head = start.split(/\r?\n/).slice(0, 20).join('\n')
  const count = (c: string) => head.split(c).length - 1
  const candidates = [',', '\t', ';'].map((c) => ({ c, n: count(c) }))
  return candidates.reduce((a, b) => (b.n > a.n ? b : a)).c
}

/** The text in slices the parser takes one at a time: bytes as they are, decoded text cut to size. */
function* slicesOf(source: Uint8Array | readonly string[]): Generator<Uint8Array | string> {
  if (source instanceof Uint8Array) {
    for (let i = 0; i < source.length; i += SLICE) yield source.subarray(i, i + SLICE)
    return
  }
  for (const piece of source) for (let i = 0; i < piece.length; i += SLICE) yield piece.slice(i, i + SLICE)
}

/**
 * The records of a CSV text, numbered as Excel would number its rows (1-based, blank lines
 * counted), so a message's 「第 N 列」 points where the user looks. The parser is fed one slice
 * at a time and the event loop gets a turn after each slice and every ROWS_PER_TURN records,
 * so even a 100 MB file never holds the window. Excel's limits hold: a field past 32,767
 * characters, a line past LIMITS.lineBytes, a row past 1,048,576 or a 16,385th column is
 * refused with where it is — a line is never buffered past its limit.
 */
export async function* csvRows(source: Uint8Array | readonly string[], fileName: string, options: OpenOptions = {}): AsyncGenerator<RawRow> {
  const parser = new Parser({
    delimiter: detectDelimiter(source),
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: LIMITS.lineBytes,
  })
  // A parse error is reported by the stream a tick later; it is looked for after each turn.
  let failure: unknown = null
  parser.on('error', (error) => (failure ??= error))
  const total = source instanceof Uint8Array ? source.length : source.reduce((n, piece) => n + piece.length, 0)
  let done = 0
  let row = 0
  let sinceTurn = 0
  /** The records parsed so far: the parser parses a slice as it is written and holds its records until read. */
  const handOn = async function* () {
    for (let cells = parser.read() as string[] | null; cells !== null; cells = parser.read() as string[] | null) {
      row += 1
      checkLimits(fileName, row, cells)
      yield { row, cells }
      if (++sinceTurn < ROWS_PER_TURN) continue
      sinceTurn = 0
      await nextTurn()
      options.signal?.throwIfAborted()
    }
  }
  options.onProgress?.(0, total)
  for (const slice of slicesOf(source)) {
    parser.write(slice)
    options.onProgress?.((done += slice.length), total)
    yield* handOn()
    await nextTurn()
    options.signal?.throwIfAborted()
    if (failure) throw csvRefusal(failure, fileName)
  }
  parser.end()
  await nextTurn()
  yield* handOn()
  if (failure) throw csvRefusal(failure, fileName)
}

function checkLimits(file: string, row: number, cells: string[]): void {
  if (row > LIMITS.rows) throw tooManyRows({ file, row })
  if (cells.length > LIMITS.columns) throw tooManyColumns({ file, row, column: LIMITS.columns })
  for (let column = 0; column < cells.length; column++) {
    if (cells[column].length > LIMITS.cellChars) throw cellTooLong({ file, row, column })
  }
}

function csvRefusal(error: unknown, fileName: string): AppError {
  if (error instanceof AppError) return error
  const csv = error as Partial<CsvError> & { records?: number; column?: number }
  // The record being read when the parser gave up is the one after the last complete one.
  const row = (csv.records ?? 0) + 1
  if (csv.code === 'CSV_MAX_RECORD_SIZE') return lineTooLong({ file: fileName, row, column: csv.column ?? 0 })
  if (typeof csv.code === 'string' && csv.code.startsWith('CSV_') || csv.code === 'INVALID_OPENING_QUOTE') {
    const what = csv.code === 'CSV_QUOTE_NOT_CLOSED' ? '有未成對的引號（"）' : '的引號（"）位置不正確'
    return new AppError(
      'csv-malformed',
      `「${fileName}」第 ${row} 列${what}，無法讀取這個檔案。請在 Excel 開啟、修正該列後另存再匯入。`,
      { file: fileName, row },
    )
  }
  return new AppError('file-unreadable', `無法讀取「${fileName}」：${(error as Error).message}`, { file: fileName })
}
