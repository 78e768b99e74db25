import type { Kind } from '../../../shared/domain'
import { AppError } from '../../errors'
import { LIMITS } from '../limits'
import type { ParseError } from '../parseWorker'
import type { OpenOptions, SheetSource } from '../reader'
import { wholeBookSheets } from '../wholeBook'

// A JSON file of a 收訖 zip (shared/FORMATS-ZIP.md §2): { "<kind>": [ { 身分證號, 出生日期,
// "<sheet>": [ {…} ] } ] }. Each sheet becomes a table like the sheet of the same name in the
// central database's spreadsheets — a header (身分證號, 出生日期, then the fields) and a row a
// record — so the analysis reads it as it reads those, and the same data lands as the same
// records (same natural keys, same row hashes). Values stay as the JSON has them: text is text,
// a number a number (a 學號 or a code written as text keeps its leading zeros).

/** The kind a file name names, by substring, in the order the central database's importer checks them. */
const KINDS: { names: string[]; key: string; kind: Kind }[] = [
  { names: ['多元表現'], key: '多元表現', kind: 'performance' },
  { names: ['修課紀錄'], key: '修課紀錄', kind: 'course' },
  { names: ['校內幹部經歷', '校內幹部'], key: '校內幹部經歷', kind: 'cadre' },
  { names: ['課程學習成果', '課程學習'], key: '課程學習成果', kind: 'outcome' },
]

/** The kind of a data file by its name, and the key of its array; null for a name of no kind. */
export function receiptKindOf(fileName: string): { key: string; kind: Kind } | null {
  return KINDS.find((k) => k.names.some((n) => fileName.includes(n))) ?? null
}

/** Whether bytes look like JSON: an object, after a BOM and blanks. */
export function looksLikeJson(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 256)).toString('utf8').replace(/^\uFEFF/, '')
  return /^\s*\{\s*("|\})/.test(head)
}

type Where = (number | string)[]

/** The JSON parser's failure as the user reads it, naming the file and the student or record. */
function refusal(fileName: string, zipName: string, key: string) {
  const file = `「${zipName}」中的「${fileName}」`
  const refuse = (code: string, why: string) => new AppError(code, `無法匯入${file}：${why}`, { file: fileName })
  return (error: ParseError): AppError => {
    const [student, sheet, record, field] = (Array.isArray(error.detail) ? error.detail : []) as Where
    switch (error.code) {
      case 'json-encoding':
        return refuse('file-encoding', '內容不是 UTF-8 文字，不像是中央資料庫的收訖資料。')
      case 'json-syntax':
        return refuse('file-corrupt', `不是有效的 JSON（${String(error.detail ?? '')}）。請重新下載。`)
      case 'json-kind':
        return refuse('file-unrecognised', `找不到「${key}」的資料陣列，不像是中央資料庫的${key}資料。`)
      case 'json-student':
        return refuse('file-unrecognised', `第 ${student} 位學生的資料不是物件（應有身分證號、出生日期與各表的陣列）。`)
      case 'json-record':
        return refuse('file-unrecognised', `第 ${student} 位學生的「${sheet}」第 ${record} 筆不是物件。`)
      case 'json-value':
        return refuse('file-unrecognised', `第 ${student} 位學生的「${sheet}」第 ${record} 筆的「${field}」不是文字或數字。`)
      case 'too-many-cells':
        return refuse('file-too-big', `內容超過 ${LIMITS.wholeBookCells.toLocaleString('en-US')} 格，不像是學校的資料。`)
      case 'too-many-sheets':
        return refuse('file-too-big', `有超過 ${LIMITS.wholeBookSheets} 種表，不像是學校的資料。`)
      case 'memory':
        return refuse('file-too-big', `內容太多，讀取時超過可用的記憶體（${LIMITS.parserHeapMb / 1024} GB）。`)
      case 'timeout':
        return refuse('file-too-slow', '讀取太久仍未完成，不像是學校的資料。')
      default:
        return refuse('file-corrupt', '檔案無法讀取。請重新下載。')
    }
  }
}

/** The sheets of a data file unpacked from the 收訖 zip `options.fromZip`; its name says its kind. */
export function receiptJsonSheets(bytes: Uint8Array, fileName: string, options: OpenOptions): AsyncIterable<SheetSource> {
  const kind = receiptKindOf(fileName)
  if (!kind) {
    throw new AppError(
      'file-unrecognised',
      `「${options.fromZip}」中的「${fileName}」看不出是哪一類資料：檔名應含修課紀錄、課程學習成果、多元表現或校內幹部經歷。`,
      { file: fileName },
    )
  }
  return wholeBookSheets({ mode: 'json', input: bytes, kindKey: kind.key }, fileName, refusal(fileName, options.fromZip ?? '', kind.key), options)
}
