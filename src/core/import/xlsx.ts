import { AppError } from '../errors'
import { nextTurn, ROWS_PER_TURN } from '../eventLoop'
import { LIMITS, partTooBig } from './limits'
import type { OpenOptions, RawRow, SheetSource } from './reader'
import { NumberStyles, Relationships, relsPartOf, SharedStrings, WorkbookSheets, type SheetRef } from './xlsxParts'
import { SheetRows, type Book } from './xlsxRows'
import { scanPart, XmlError, type XmlHandler } from './xmlScan'
import { ZipArchive, ZipError, ZipLimitError } from './zip'

// Reading .xlsx ourselves rather than through exceljs (issue 3, "Known hazard"): exceljs 4.4.0's
// streaming WorkbookReader decodes each inflated chunk on its own, so a CJK character split
// across two chunks becomes U+FFFD (~190 cells of the 110k-row benchmark file); its
// non-streaming reader is correct but holds the whole book as objects (~3× the memory).
// Here every part is inflated in chunks, decoded by one streaming TextDecoder — which never
// splits a character — and scanned as it comes (xmlScan.ts), within the limits of limits.ts.
// test/core/import/xlsx.test.ts proves it on 100k CJK rows.

export function corruptXlsx(fileName: string, why?: string): AppError {
  return new AppError(
    'file-corrupt',
    `無法讀取「${fileName}」：檔案已損毀或不是有效的 Excel 活頁簿（.xlsx）${why ? `（${why}）` : ''}。請重新下載或在 Excel 另存後再匯入。`,
    { file: fileName },
  )
}

/** What a refusal says of a part, by its role: 共用字串（xl/sharedStrings.xml）. */
type PartLabels = Map<string, string>

/**
 * What stopped the reading, as the refusal the user reads. Anything else is a fault of ours
 * and goes on as it is (the hostile corpus would report it), not disguised as a damaged file.
 */
function refusal(error: unknown, fileName: string, labels: PartLabels): unknown {
  if (error instanceof ZipLimitError) {
    const label = labels.get(error.entry.name.toLowerCase()) ?? `「${error.entry.name}」`
    return partTooBig(fileName, label, error.why, error.cap)
  }
  return error instanceof ZipError || error instanceof XmlError ? corruptXlsx(fileName, error.message) : error
}

/** The book's sheets, shared strings and styles, from its small parts. */
async function openBook(zip: ZipArchive, fileName: string, labels: PartLabels, signal?: AbortSignal): Promise<{ book: Book; sheets: SheetRef[] }> {
  const scan = async (part: string, label: string, cap: number, handler: XmlHandler) => {
    const entry = zip.get(part)
    if (!entry) return false
    labels.set(entry.name.toLowerCase(), `${label}（${entry.name}）`)
    for await (const _ of scanPart(zip, entry, cap, handler, signal));
    return true
  }
  // The workbook part is named by the package's relationships (xl/workbook.xml in practice).
  const root = new Relationships('')
  await scan('_rels/.rels', '套件關聯', LIMITS.smallPartBytes, root)
  const workbookPart = root.partOf('officeDocument') ?? 'xl/workbook.xml'
  const rels = new Relationships(workbookPart)
  await scan(relsPartOf(workbookPart), '活頁簿關聯', LIMITS.smallPartBytes, rels)
  const workbook = new WorkbookSheets(rels)
  if (!(await scan(workbookPart, '活頁簿', LIMITS.smallPartBytes, workbook))) throw new ZipError('不是 Excel 活頁簿')
  const strings = new SharedStrings(fileName)
  await scan(rels.partOf('sharedStrings') ?? 'xl/sharedStrings.xml', '共用字串', LIMITS.sharedStringsBytes, strings)
  const styles = new NumberStyles()
  await scan(rels.partOf('styles') ?? 'xl/styles.xml', '樣式', LIMITS.smallPartBytes, styles)
  for (const sheet of workbook.sheets) labels.set(sheet.part.toLowerCase(), `工作表「${sheet.name}」（${sheet.part}）`)
  return {
    book: { strings: strings.strings, dates: styles.dates, pads: styles.pads, date1904: workbook.date1904 },
    sheets: workbook.sheets,
  }
}

/**
 * Rows of one sheet, handed on after each inflated chunk, with a turn of the event loop every
 * ROWS_PER_TURN; whatever stops the reading becomes the refusal the user reads.
 */
async function* sheetRows(
  zip: ZipArchive, ref: SheetRef, book: Book, fileName: string, labels: PartLabels, options: OpenOptions & { onBytes: (bytes: number) => void },
): AsyncGenerator<RawRow> {
  try {
    const entry = zip.get(ref.part)
    if (!entry) throw new ZipError(`找不到工作表「${ref.name}」`)
    const rows = new SheetRows(book, { file: fileName, sheet: ref.name })
    let sinceTurn = 0
    for await (const _ of scanPart(zip, entry, LIMITS.sheetBytes, rows, options.signal, options.onBytes)) {
      for (const row of rows.take()) {
        yield row
        if (++sinceTurn < ROWS_PER_TURN) continue
        sinceTurn = 0
        await nextTurn()
        options.signal?.throwIfAborted()
      }
    }
    rows.end()
    yield* rows.take()
  } catch (error) {
    throw refusal(error, fileName, labels)
  }
}

/** Every sheet of an .xlsx, streamed row by row (rows numbered as Excel numbers them). */
export async function* xlsxSheets(bytes: Uint8Array, fileName: string, options: OpenOptions = {}): AsyncGenerator<SheetSource> {
  const labels: PartLabels = new Map()
  let zip: ZipArchive
  let opened: { book: Book; sheets: SheetRef[] }
  try {
    zip = new ZipArchive(bytes)
    opened = await openBook(zip, fileName, labels, options.signal)
  } catch (error) {
    throw refusal(error, fileName, labels)
  }
  // Progress: the sheets' text read so far, of all their (uncompressed, as declared) text.
  const total = opened.sheets.reduce((n, s) => n + Math.min(zip.get(s.part)?.size ?? 0, LIMITS.sheetBytes), 0) || 1
  let done = 0
  const onBytes = (bytes: number) => options.onProgress?.((done = Math.min(total, done + bytes)), total)
  options.onProgress?.(0, total)
  for (const ref of opened.sheets) yield { name: ref.name, rows: sheetRows(zip, ref, opened.book, fileName, labels, { ...options, onBytes }) }
  options.onProgress?.(total, total)
}
