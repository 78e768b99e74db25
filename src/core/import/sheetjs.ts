import { AppError } from '../errors'
import { checkOds, corruptOds, encryptedBook } from './ods'
import { LIMITS } from './limits'
import { ParseError } from './parseWorker'
import type { OpenOptions, SheetSource } from './reader'
import { htmlText } from './html'
import { wholeBookSheets } from './wholeBook'
import type { ZipArchive } from './zip'
import type { TextEncodingName } from './encoding'

// The books SheetJS reads for us (issue 13): the old .xls (BIFF8, Excel 97–2003), a web page's
// table saved as .xls, and LibreOffice's .ods — with the same header finding, mapping, values
// rules and limits as an .xlsx, since their rows go to the same analysis. SheetJS reads a book
// whole, so its size is checked before anything is parsed (LIMITS), and it parses in a worker.

const MB = 1024 * 1024

type Format = 'xls' | 'html' | 'ods'

const WHAT: Record<Format, string> = { xls: 'Excel 活頁簿（.xls）', html: '網頁表格', ods: 'OpenDocument 試算表（.ods）' }

function tooBig(fileName: string, cap: number): AppError {
  return new AppError(
    'file-too-big',
    `無法讀取「${fileName}」：檔案超過 ${cap / MB} MB，不像是學校匯出的檔案。請確認檔案是否正確，或在 Excel 開啟後另存為 .xlsx 再匯入。`,
    { file: fileName },
  )
}

/** A parser's failure as the user reads it: the file, what is wrong with it, and what to do. */
function refusal(fileName: string, format: Format) {
  return (error: ParseError): AppError => {
    switch (error.code) {
      case 'encrypted':
        return encryptedBook(fileName, format === 'ods' ? 'LibreOffice' : 'Excel')
      case 'memory':
        return new AppError(
          'file-too-big',
          `無法讀取「${fileName}」：內容太多，讀取時超過可用的記憶體（${LIMITS.parserHeapMb / 1024} GB），不像是學校匯出的檔案。請確認檔案是否正確，或在 Excel 另存為 .xlsx 再匯入。`,
          { file: fileName },
        )
      case 'too-many-cells':
        return new AppError(
          'file-too-big',
          `無法讀取「${fileName}」：內容超過 ${LIMITS.wholeBookCells.toLocaleString('en-US')} 格，不像是學校匯出的檔案。請確認檔案是否正確，或在 Excel 另存為 .xlsx 再匯入。`,
          { file: fileName },
        )
      case 'too-many-sheets':
        return new AppError('file-too-big', `無法讀取「${fileName}」：工作表超過 ${LIMITS.wholeBookSheets} 個，不像是學校匯出的檔案。`, { file: fileName })
      case 'timeout':
        return new AppError(
          'file-too-slow',
          `讀取「${fileName}」太久仍未完成，不像是學校匯出的檔案。請確認檔案是否正確，或在 Excel 另存為 .xlsx 再匯入。`,
          { file: fileName },
        )
      default:
        return format === 'ods' ? corruptOds(fileName) : new AppError(
          'file-corrupt',
          `無法讀取「${fileName}」：檔案已損毀或不是有效的${WHAT[format]}。請重新下載，或在 Excel 開啟後另存為 .xlsx 再匯入。`,
          { file: fileName },
        )
    }
  }
}

/** An OLE compound file: the old .xls — or an .xlsx with a password, which Excel wraps in one. */
export function xlsSheets(bytes: Uint8Array, fileName: string, options: OpenOptions): AsyncIterable<SheetSource> {
  if (bytes.length > LIMITS.xlsBytes) throw tooBig(fileName, LIMITS.xlsBytes)
  return wholeBookSheets({ mode: 'sheetjs', input: bytes }, fileName, refusal(fileName, 'xls'), options)
}

/** A web page's table, in the encoding its page declares (html.ts). */
export async function htmlSheets(bytes: Uint8Array, fileName: string, options: OpenOptions): Promise<{ encoding: TextEncodingName; sheets: AsyncIterable<SheetSource> }> {
  if (bytes.length > LIMITS.htmlBytes) throw tooBig(fileName, LIMITS.htmlBytes)
  const { text, encoding } = await htmlText(bytes, fileName, options.signal)
  return { encoding, sheets: wholeBookSheets({ mode: 'sheetjs', input: text }, fileName, refusal(fileName, 'html'), options) }
}

/** An .ods, once every part is known to inflate within its limits (ods.ts). */
export async function odsSheets(zip: ZipArchive, bytes: Uint8Array, fileName: string, options: OpenOptions): Promise<AsyncIterable<SheetSource>> {
  await checkOds(zip, fileName, options.signal)
  return wholeBookSheets({ mode: 'sheetjs', input: bytes }, fileName, refusal(fileName, 'ods'), options)
}
