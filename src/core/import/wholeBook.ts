import type { AppError } from '../errors'
import { nextTurn } from '../eventLoop'
import { cellTooLong, LIMITS, tooManyColumns, tooManyRows } from './limits'
import { parseWhole, ParseError, type ParseJob, type WorkerCell } from './parseWorker'
import type { OpenOptions, RawRow, SheetSource } from './reader'
import type { Cell } from './values/cells'
import { isDateFormat, padWidth } from './xlsxParts'
import { dateOfSerial } from './xlsxRows'

// The sheets of a book read whole (parseWorker.ts), as the analysis reads every other file's:
// rows numbered as the sheet shows them, cells typed as the .xlsx reader types them — a number
// in a date format is a date (its UTC fields the wall clock), a whole number in a `000000`
// format the text it shows (學號 009123), text as written — within Excel's limits, a thousand
// rows at a time with a turn of the event loop between.

/** What a number format makes of a number: a date, the zero-padded text, or the number. */
function formatted(book: { date1904: boolean; formats: Map<string, { date: boolean; pad: number }> }, n: number, z: string): Cell {
  let format = book.formats.get(z)
  if (!format) book.formats.set(z, (format = { date: isDateFormat(z), pad: padWidth(z) }))
  if (format.date) return dateOfSerial(n, book.date1904)
  if (format.pad && Number.isInteger(n) && n >= 0) return String(n).padStart(format.pad, '0')
  return n
}

/**
 * Every sheet of the book, row by row. `refusal` says a parser's failure as the user reads it
 * (the file, and what to do); anything else that stops the reading goes on as it is.
 */
export async function* wholeBookSheets(
  job: ParseJob, fileName: string, refusal: (error: ParseError) => AppError, options: OpenOptions = {},
): AsyncGenerator<SheetSource> {
  let opened
  try {
    opened = await parseWhole(job, options.signal)
  } catch (error) {
    throw error instanceof ParseError ? refusal(error) : error
  }
  const book = { date1904: opened.date1904, formats: new Map<string, { date: boolean; pad: number }>() }
  const total = opened.sheets.reduce((n, s) => n + s.rows, 0) || 1
  let done = 0
  options.onProgress?.(0, total)
  try {
    for (const [index, sheet] of opened.sheets.entries()) {
      const place = { file: fileName, sheet: sheet.name }
      const cellOf = (raw: WorkerCell, row: number, column: number): Cell => {
        if (raw === null || typeof raw !== 'object') {
          if (typeof raw === 'string' && raw.length > LIMITS.cellChars) throw cellTooLong({ ...place, row, column })
          return raw
        }
        return 'e' in raw ? raw.e : formatted(book, raw.n, raw.z)
      }
      const rows = async function* (): AsyncGenerator<RawRow> {
        for (;;) {
          let chunk
          try {
            chunk = await opened.rows(index)
          } catch (error) {
            throw error instanceof ParseError ? refusal(error) : error
          }
          for (const [row, cells] of chunk.rows) {
            if (row > LIMITS.rows) throw tooManyRows({ ...place, row })
            if (cells.length > LIMITS.columns) throw tooManyColumns({ ...place, row, column: LIMITS.columns })
            yield { row, cells: cells.map((cell, column) => cellOf(cell, row, column)) }
          }
          options.onProgress?.((done = Math.min(total, done + chunk.rows.length)), total)
          if (chunk.done) return
          await nextTurn()
          options.signal?.throwIfAborted()
        }
      }
      yield { name: sheet.name, rows: rows() }
    }
    options.onProgress?.(total, total)
  } finally {
    opened.close()
  }
}
