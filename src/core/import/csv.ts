import { nextTurn, ROWS_PER_TURN } from '../eventLoop'
import { CsvParser } from './csvParser'
import type { OpenOptions, RawRow } from './reader'

const SLICE = 64 * 1024

/** Comma unless the first lines hold more tabs (Excel's "Unicode text") or semicolons. */
export function detectDelimiter(source: Uint8Array | readonly string[]): string {
  const start = source instanceof Uint8Array ? Buffer.from(source.subarray(0, 8192)).toString('utf8') : (source[0] ?? '').slice(0, 8192)
  const head = start.split(/\r?\n/).slice(0, 20).join('\n')
  const count = (c: string) => head.split(c).length - 1
  const candidates = [',', '\t', ';'].map((c) => ({ c, n: count(c) }))
  return candidates.reduce((a, b) => (b.n > a.n ? b : a)).c
}

/** The text in slices: UTF-8 bytes decoded a slice at a time (a character split between two is whole), decoded text cut to size. */
function* slicesOf(source: Uint8Array | readonly string[]): Generator<{ text: string; size: number }> {
  if (source instanceof Uint8Array) {
    const decoder = new TextDecoder('utf-8')
    for (let i = 0; i < source.length; i += SLICE) {
      const slice = source.subarray(i, i + SLICE)
      yield { text: decoder.decode(slice, { stream: true }), size: slice.length }
    }
    yield { text: decoder.decode(), size: 0 }
    return
  }
  for (const piece of source) for (let i = 0; i < piece.length; i += SLICE) yield { text: piece.slice(i, i + SLICE), size: Math.min(SLICE, piece.length - i) }
}

/**
 * The records of a CSV text, numbered as Excel would number its rows (1-based, blank lines
 * counted), so a message's 「第 N 列」 points where the user looks. The parser takes one slice
 * at a time and the event loop gets a turn after each slice and every ROWS_PER_TURN records,
 * so even a 100 MB file never holds the window; Excel's limits hold (csvParser.ts).
 */
export async function* csvRows(source: Uint8Array | readonly string[], fileName: string, options: OpenOptions = {}): AsyncGenerator<RawRow> {
  const parser = new CsvParser(detectDelimiter(source), fileName)
  const total = source instanceof Uint8Array ? source.length : source.reduce((n, piece) => n + piece.length, 0)
  let done = 0
  let row = 0
  let sinceTurn = 0
  options.onProgress?.(0, total)
  for (const slice of slicesOf(source)) {
    parser.write(slice.text)
    options.onProgress?.((done += slice.size), total)
    for (const cells of parser.take()) {
      yield { row: ++row, cells }
      if (++sinceTurn < ROWS_PER_TURN) continue
      sinceTurn = 0
      await nextTurn()
      options.signal?.throwIfAborted()
    }
    await nextTurn()
    options.signal?.throwIfAborted()
  }
  parser.end()
  for (const cells of parser.take()) yield { row: ++row, cells }
}
