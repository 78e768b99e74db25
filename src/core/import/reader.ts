import type { FileFormat } from '../../shared/contract/import'
import { AppError } from '../errors'
import { csvRows } from './csv'
import { decodeText, type TextEncodingName } from './encoding'
import { looksLikeHtml } from './html'
import { isOds } from './ods'
import { looksLikeJson, receiptJsonSheets } from './receipt/json'
import { htmlSheets, odsSheets, xlsSheets } from './sheetjs'
import type { Cell } from './values/cells'
import { xlsxSheets } from './xlsx'
import { ZipArchive } from './zip'

/** One row as read: its number as the spreadsheet shows it, and its cells left to right. */
export interface RawRow {
  row: number
  cells: Cell[]
}

export interface SheetSource {
  /** The sheet's name; for a CSV, the file name. */
  name: string
  rows: AsyncIterable<RawRow>
}

export interface OpenedFile {
  format: Exclude<FileFormat, 'receiptZip'>
  encoding: TextEncodingName | null
  sheets: AsyncIterable<SheetSource>
}

export interface OpenOptions {
  onProgress?: (done: number, total: number) => void
  /** Stops the reading (the file was discarded, or is being read again with other choices). */
  signal?: AbortSignal
  /** The 收訖 zip a JSON file was unpacked from, its SHA-256 checked: only such a JSON is read. */
  fromZip?: string | null
}

const startsWith = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b)

/**
 * A zip that is not an .ods is taken for an .xlsx (and refused as a damaged one if it is neither);
 * one named .zip that is no workbook either (a 收訖 zip is staged before this) is 'other'.
 */
async function zipFormat(bytes: Uint8Array, fileName: string): Promise<{ format: 'ods'; zip: ZipArchive } | { format: 'xlsx' | 'other' }> {
  const named = /\.zip$/i.test(fileName)
  let zip: ZipArchive
  try {
    zip = new ZipArchive(bytes)
  } catch {
    return { format: named ? 'other' : 'xlsx' }
  }
  if (await isOds(zip)) return { format: 'ods', zip }
  return { format: named && !zip.get('[Content_Types].xml') ? 'other' : 'xlsx' }
}

/**
 * Opens a file by what its bytes are, not by its name: a zip is an .xlsx or an .ods, an OLE
 * compound file the old .xls (or an .xlsx with a password), a web page a web admin page's
 * "Excel" export, a JSON file one unpacked from a 收訖 zip; anything else is text. (A 收訖 zip
 * itself is opened before this, when it is staged: receipt/stage.ts.)
 */
export async function openFile(bytes: Uint8Array, fileName: string, options: OpenOptions = {}): Promise<OpenedFile> {
  if (bytes.length === 0 || (bytes.length <= 3 && startsWith(bytes, 0xef, 0xbb, 0xbf))) {
    throw new AppError('file-empty', `「${fileName}」是空的檔案，沒有可匯入的資料。`, { file: fileName })
  }
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) {
    const zip = await zipFormat(bytes, fileName)
    if (zip.format === 'ods') return { format: 'ods', encoding: null, sheets: await odsSheets(zip.zip, bytes, fileName, options) }
    if (zip.format === 'other') {
      throw new AppError(
        'file-unrecognised',
        `「${fileName}」不是可以匯入的壓縮檔：它已損毀，或裡面沒有中央資料庫收訖資料的 SHA.txt 與 JSON 檔。其他壓縮檔請先解壓縮，再匯入裡面的檔案。`,
        { file: fileName },
      )
    }
    return { format: 'xlsx', encoding: null, sheets: xlsxSheets(bytes, fileName, options) }
  }
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) return { format: 'xls', encoding: null, sheets: xlsSheets(bytes, fileName, options) }
  if (looksLikeHtml(bytes)) return { format: 'html', ...(await htmlSheets(bytes, fileName, options)) }
  if (options.fromZip) return { format: 'receiptJson', encoding: 'utf-8', sheets: receiptJsonSheets(bytes, fileName, options) }
  if (/\.xlsx$/i.test(fileName)) {
    throw new AppError(
      'file-corrupt',
      `無法讀取「${fileName}」：檔案已損毀或不是有效的 Excel 活頁簿（.xlsx）。請重新下載或在 Excel 另存後再匯入。`,
      { file: fileName },
    )
  }
  if (looksLikeJson(bytes)) {
    throw new AppError(
      'file-unzipped',
      `「${fileName}」是 JSON 檔。中央資料庫的收訖資料請匯入下載的整個 .zip 壓縮檔（內含 SHA.txt，才能核對每個檔案），不要先解壓縮。`,
      { file: fileName },
    )
  }
  const { text, encoding } = await decodeText(bytes, fileName, options.signal)
  const name = fileName.replace(/\.[^.]+$/, '')
  return {
    format: 'csv',
    encoding,
    sheets: (async function* () {
      yield { name, rows: csvRows(text, fileName, options) }
    })(),
  }
}
