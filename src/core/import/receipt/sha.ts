import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'

// SHA.txt of a 收訖 zip: a line a data file, its fields split by commas, one of them the file's
// name and one its SHA-256 as 64 hexadecimal digits (shared/FORMATS-ZIP.md). The platform that
// imports these zips checks nothing by default; here every data file must be listed once, with
// a SHA-256 that matches its bytes as they are in the zip (a BOM included), or the zip is refused.

/** The lines of SHA.txt, each as its fields, trimmed; in UTF-8 (a BOM dropped), or Big5 when it is not UTF-8. */
export function parseShaList(bytes: Uint8Array): string[][] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const text = (isUtf8(buffer) ? buffer.toString('utf8') : iconv.decode(buffer, 'cp950')).replace(/^\uFEFF/, '')
  return text.split(/\r\n|\n|\r/).map((line) => line.split(',').map((field) => field.trim())).filter((fields) => fields.some(Boolean))
}

const isSha256 = (field: string) => /^[0-9a-f]{64}$/i.test(field)

/** Why a data file does not pass SHA.txt (zh-TW), or null when it is listed once with its SHA-256. */
export function checkSha(lines: string[][], name: string, sha256: string): string | null {
  const names = new Set([name.toLowerCase(), name.slice(name.lastIndexOf('/') + 1).toLowerCase()])
  const listing = lines.filter((fields) => fields.some((f) => names.has(f.toLowerCase())))
  if (listing.length === 0) return `SHA.txt 沒有列出壓縮檔中的「${name}」，無法核對它是否完整，所以不匯入。請重新下載。`
  if (listing.length > 1) return `SHA.txt 把「${name}」列了 ${listing.length} 次，無法確定哪一個 SHA-256 才對。請重新下載。`
  const hashes = listing[0].filter(isSha256)
  if (hashes.length === 0) return `SHA.txt 中「${name}」那一行沒有 SHA-256（64 位十六進位數字）。請重新下載。`
  if (!hashes.some((h) => h.toLowerCase() === sha256)) {
    return `「${name}」的 SHA-256 與 SHA.txt 不符：檔案在傳送中損毀或被改動過。請重新下載中央資料庫的收訖壓縮檔。`
  }
  return null
}
