import { Readable } from 'node:stream'
import { parse, type CsvError } from 'csv-parse'
import { AppError } from '../errors'
import { nextTurn, ROWS_PER_TURN } from '../eventLoop'
import type { RawRow } from './reader'

const CHUNK = 256 * 1024

/** Comma unless the first lines hold more tabs (Excel's "Unicode text") or semicolons. */
export function detectDelimiter(source: string | Uint8Array): string {
  const start = typeof source === 'string' ? source.slice(0, 8192) : Buffer.from(source.subarray(0, 8192)).toString('utf8')
  const head = start.split(/\r?\n/).slice(0, 20).join('\n')
  const count = (c: string) => head.split(c).length - 1
  const candidates = [',', '\t', ';'].map((c) => ({ c, n: count(c) }))
  return candidates.reduce((a, b) => (b.n > a.n ? b : a)).c
}

/**
 * The records of a CSV text, numbered as Excel would number its rows (1-based, blank lines
 * counted), so a message's 「第 N 列」 points where the user looks. Parsing is streamed in
 * chunks, and the event loop gets a turn every ROWS_PER_TURN records (the parser's records
 * arrive in microtasks, which alone would hold it until the whole file is read).
 */
export async function* csvRows(
  source: string | Uint8Array,
  fileName: string,
  onProgress?: (done: number, total: number) => void,
): AsyncGenerator<RawRow> {
  const parser = parse({ delimiter: detectDelimiter(source), relax_column_count: true, skip_empty_lines: false })
  const bytes = typeof source === 'string' ? null : Buffer.from(source.buffer, source.byteOffset, source.byteLength)
  const chunks = function* () {
    for (let i = 0; i < source.length; i += CHUNK) {
      onProgress?.(i, source.length)
      yield bytes ? bytes.subarray(i, i + CHUNK) : (source as string).slice(i, i + CHUNK)
    }
    onProgress?.(source.length, source.length)
  }
  Readable.from(chunks()).pipe(parser)
  let row = 0
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1
      if (row % ROWS_PER_TURN === 0) await nextTurn()
      yield { row, cells: record }
    }
  } catch (error) {
    throw csvRefusal(error, fileName)
  }
}

function csvRefusal(error: unknown, fileName: string): AppError {
  const csv = error as Partial<CsvError> & { records?: number; lines?: number }
  if (typeof csv.code === 'string' && csv.code.startsWith('CSV_') || csv.code === 'INVALID_OPENING_QUOTE') {
    // The record being read when the parser gave up is the one after the last complete one.
    const row = (csv.records ?? 0) + 1
    const what = csv.code === 'CSV_QUOTE_NOT_CLOSED' ? '有未成對的引號（"）' : '的引號（"）位置不正確'
    return new AppError(
      'csv-malformed',
      `「${fileName}」第 ${row} 列${what}，無法讀取這個檔案。請在 Excel 開啟、修正該列後另存再匯入。`,
      { file: fileName, row },
    )
  }
  return new AppError('file-unreadable', `無法讀取「${fileName}」：${(error as Error).message}`, { file: fileName })
}
