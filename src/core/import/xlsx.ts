import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { AppError } from '../errors'
import type { Cell } from './values'
import type { RawRow, SheetSource } from './reader'
import { checkZip } from './zip'

// exceljs 4.4.0's streaming WorkbookReader turns each inflated chunk into text on its own
// (utils/parse-sax.js), so a CJK character split across two chunks becomes U+FFFD (exceljs
// issues #2063, #2316). The non-streaming reader is correct but holds the whole book, ~3×
// the memory. We keep the streaming reader and hand it text instead of bytes: its
// `bufferToString` passes strings through, and a streaming decoder never splits a character.
// test/core/import/xlsx.test.ts proves it on 100k CJK rows (and that the plain reader fails).
// The two overridden methods are exceljs internals: re-run that test when upgrading exceljs.

async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8')
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    if (text) yield text
  }
  const tail = decoder.decode()
  if (tail) yield tail
}

type ZipEntry = NodeJS.ReadableStream & { setEncoding(encoding: BufferEncoding): void }
type WorkbookReaderInternals = {
  _parseSharedStrings(entry: ZipEntry): AsyncGenerator<unknown>
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>
}
const BaseReader = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (
  input: Readable,
  options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
) => ExcelJS.stream.xlsx.WorkbookReader & WorkbookReaderInternals

class CharacterSafeWorkbookReader extends BaseReader {
  override _parseSharedStrings(entry: ZipEntry) {
    // Node's own StringDecoder then carries a split character over to the next chunk.
    entry.setEncoding('utf8')
    return super._parseSharedStrings(entry)
  }

  override _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string) {
    return super._parseWorksheet(decodeUtf8(iterator), sheetNo)
  }
}

/** A workbook reader that never corrupts a character; exported for the proof test. */
export function workbookReader(input: Readable, safe = true) {
  const options = { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' } as const
  return safe
    ? new CharacterSafeWorkbookReader(input, options)
    : (new ExcelJS.stream.xlsx.WorkbookReader(input as never, options) as unknown as InstanceType<typeof BaseReader>)
}

/** One exceljs cell value as the plain value a normaliser takes. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (value instanceof Date) return value
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>
    if (Array.isArray(v.richText)) return (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('')
    if ('result' in v) return toCell(v.result)
    if ('formula' in v || 'sharedFormula' in v) return null
    if ('text' in v) return toCell(v.text)
    if ('error' in v) return String(v.error)
  }
  return String(value)
}

const CHUNK = 256 * 1024

/** Feeds the bytes in slices so that progress can be told from how many were taken. */
function byteStream(bytes: Uint8Array, onProgress?: (done: number, total: number) => void): Readable {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return Readable.from(
    (function* () {
      for (let i = 0; i < buffer.length; i += CHUNK) {
        onProgress?.(i, buffer.length)
        yield buffer.subarray(i, i + CHUNK)
      }
      onProgress?.(buffer.length, buffer.length)
    })(),
  )
}

export function corruptXlsx(fileName: string, why?: string): AppError {
  return new AppError(
    'file-corrupt',
    `無法讀取「${fileName}」：檔案已損毀或不是有效的 Excel 活頁簿（.xlsx）${why ? `（${why}）` : ''}。請重新下載或在 Excel 另存後再匯入。`,
    { file: fileName },
  )
}

/** Every sheet of an .xlsx, streamed row by row (rows numbered as Excel numbers them). */
export async function* xlsxSheets(
  bytes: Uint8Array,
  fileName: string,
  onProgress?: (done: number, total: number) => void,
): AsyncGenerator<SheetSource> {
  const zip = await checkZip(bytes)
  if (!zip.ok) throw corruptXlsx(fileName, zip.problem)
  const reader = workbookReader(byteStream(bytes, onProgress))
  try {
    for await (const worksheet of reader) {
      const sheet = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name?: string; id?: number }
      yield {
        name: sheet.name ?? `工作表${sheet.id ?? ''}`,
        rows: (async function* (): AsyncGenerator<RawRow> {
          for await (const row of sheet) {
            const values = row.values as unknown[]
            const cells: Cell[] = []
            for (let i = 1; i < values.length; i++) cells.push(toCell(values[i]))
            yield { row: row.number, cells }
          }
        })(),
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error
    throw corruptXlsx(fileName, (error as Error).message)
  }
}
