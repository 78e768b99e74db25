import { isUtf8 } from 'node:buffer'
import { AppError } from '../errors'
import { nextTurn } from '../eventLoop'
import { big5, decodeText, type TextEncodingName } from './encoding'

// Many web admin pages "export to Excel" by sending an HTML table named .xls; Excel opens it
// with a warning. Whatever its name, a file whose text starts as a web page is one. It is read
// in the charset its page declares (<meta charset="big5">, or http-equiv's content=…charset=…),
// else its encoding is found as a CSV's is (BOM → strict UTF-8 → Big5).

const HEAD = 4096

/** The first bytes as Latin-1: tags and charsets are ASCII in every encoding a page may have. */
const headOf = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, HEAD)).toString('latin1')

/** Whether the bytes start as a web page: a doctype, <html>, <head>, <meta>, <body> or <table>, after a BOM and blanks. */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = headOf(bytes).replace(/^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)/, '').replace(/\0/g, '')
  return /^\s*(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html|head|meta|body|table|style|title)\b/i.test(head)
}

/** The charset a page declares, if one we read: Big5 (as Windows writes it) or UTF-8. */
function declaredCharset(bytes: Uint8Array): 'big5' | 'utf-8' | null {
  const m = /<meta[^>]*charset\s*=\s*["']?\s*([\w-]+)/i.exec(headOf(bytes))
  const name = m?.[1].toLowerCase()
  if (!name) return null
  if (/^(big5|big5-hkscs|x-big5|cp950|ms950|windows-950)$/.test(name)) return 'big5'
  return name === 'utf-8' || name === 'utf8' ? 'utf-8' : null
}

const SLICE = 1024 * 1024

/** A page as text, a slice at a time (a character split between two is whole). */
async function inSlices(bytes: Uint8Array, decoder: { decode(slice: Uint8Array, options?: { stream: boolean }): string }, signal?: AbortSignal) {
  const pieces: string[] = []
  for (let i = 0; i < bytes.length; i += SLICE) {
    pieces.push(decoder.decode(bytes.subarray(i, i + SLICE), { stream: true }))
    await nextTurn()
    signal?.throwIfAborted()
  }
  pieces.push(decoder.decode(new Uint8Array()))
  return pieces.join('')
}

/** The page's text and its encoding; a page that holds no table is refused by name. */
export async function htmlText(bytes: Uint8Array, fileName: string, signal?: AbortSignal): Promise<{ text: string; encoding: TextEncodingName }> {
  const declared = declaredCharset(bytes)
  let text: string | null = null
  let encoding: TextEncodingName = declared ?? 'utf-8'
  // As the page says, when its bytes agree; a page that lies is read as a text file would be.
  if (declared === 'big5') {
    text = (await big5(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), signal))?.join('') ?? null
  } else if (declared === 'utf-8' && isUtf8(bytes)) {
    text = await inSlices(bytes, new TextDecoder('utf-8'), signal)
  }
  if (text === null) {
    const decoded = await decodeText(bytes, fileName, signal)
    encoding = decoded.encoding
    text = decoded.text instanceof Uint8Array ? await inSlices(decoded.text, new TextDecoder('utf-8'), signal) : decoded.text.join('')
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (!/<table\b/i.test(text)) {
    throw new AppError('file-unrecognised', `「${fileName}」是網頁檔，裡面沒有表格，無法匯入。請在原網站改選匯出 Excel 或 CSV 檔。`, { file: fileName })
  }
  return { text, encoding }
}
