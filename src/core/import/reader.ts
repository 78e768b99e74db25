import { AppError } from '../errors'
import { csvRows } from './csv'
import { decodeText, type TextEncodingName } from './encoding'
import type { Cell } from './values'
import { xlsxSheets } from './xlsx'

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
  format: 'xlsx' | 'csv'
  encoding: TextEncodingName | null
  sheets: AsyncIterable<SheetSource>
}

export interface OpenOptions {
  onProgress?: (done: number, total: number) => void
  /** Stops the reading (the file was discarded, or is being read again with other choices). */
  signal?: AbortSignal
}

const startsWith = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b)

/**
 * Opens a file by what its bytes are, not by its name: a zip is a workbook, an OLE
 * compound file is the old .xls (refused with what to do), anything else is text.
 */
export async function openFile(bytes: Uint8Array, fileName: string, options: OpenOptions = {}): Promise<OpenedFile> {
  if (bytes.length === 0 || (bytes.length <= 3 && startsWith(bytes, 0xef, 0xbb, 0xbf))) {
    throw new AppError('file-empty', `「${fileName}」是空的檔案，沒有可匯入的資料。`, { file: fileName })
  }
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) {
    return { format: 'xlsx', encoding: null, sheets: xlsxSheets(bytes, fileName, options) }
  }
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) {
    throw new AppError(
      'file-old-xls',
      `「${fileName}」是舊版 Excel（.xls）檔，請在 Excel 開啟後「另存新檔」為 .xlsx 再匯入。`,
      { file: fileName },
    )
  }
  if (/\.xlsx$/i.test(fileName)) {
    throw new AppError(
      'file-corrupt',
      `無法讀取「${fileName}」：檔案已損毀或不是有效的 Excel 活頁簿（.xlsx）。請重新下載或在 Excel 另存後再匯入。`,
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
