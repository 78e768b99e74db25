import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'
import { AppError } from '../errors'
import { nextTurn } from '../eventLoop'

// Text files come as UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"),
// or Big5/CP950 (what Traditional-Chinese Excel writes by "Save as CSV"). The order matters:
// a Big5 file is almost never valid UTF-8, while UTF-8 is often "valid" Big5 nonsense — so
// strict UTF-8 first, Big5 only when UTF-8 fails, and a refusal when neither decodes cleanly.

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'big5'

export const ENCODING_LABELS: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8（含 BOM）',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
  big5: 'Big5（繁體中文 Excel）',
}

/** UTF-8 stays bytes (the CSV parser decodes field by field); other encodings become text, in pieces. */
export interface DecodedText {
  text: Uint8Array | string[]
  encoding: TextEncodingName
}

const startsWith = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b)

/** Decoding goes a slice at a time, with a turn of the event loop in between: a 100 MB file never holds the window. */
const SLICE = 1024 * 1024

async function inSlices(bytes: Buffer, decode: (slice: Buffer) => string | null, signal?: AbortSignal): Promise<string[] | null> {
  const pieces: string[] = []
  for (let i = 0; i < bytes.length; i += SLICE) {
    const piece = decode(bytes.subarray(i, i + SLICE))
    if (piece === null) return null
    pieces.push(piece)
    await nextTurn()
    signal?.throwIfAborted()
  }
  return pieces
}

/** Big5 as Windows writes it (CP950), then Big5-HKSCS for the characters CP950 lacks; null when neither decodes cleanly. */
export async function big5(bytes: Buffer, signal?: AbortSignal): Promise<string[] | null> {
  for (const name of ['cp950', 'big5hkscs']) {
    // One streaming decoder per attempt: a character split between two slices is whole.
    const decoder = iconv.getDecoder(name)
    const clean = (text: string) => (text.includes('\uFFFD') ? null : text)
    const pieces = await inSlices(bytes, (slice) => clean(decoder.write(slice)), signal)
    const last = pieces && clean(decoder.end() ?? '')
    if (pieces && last !== null) return [...pieces, last]
  }
  return null
}

/** UTF-16 as JS strings are: a pair split between two slices joins up again when the pieces are read in turn. */
function utf16(bigEndian: boolean) {
  return (slice: Buffer) => {
    if (!bigEndian) return slice.toString('utf16le')
    const swapped = Buffer.from(slice.subarray(0, slice.length & ~1))
    return swapped.swap16().toString('utf16le')
  }
}

export async function decodeText(bytes: Uint8Array, fileName: string, signal?: AbortSignal): Promise<DecodedText> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) {
    if (!isUtf8(bytes.subarray(3))) throw undecodable(fileName, '檔頭標示為 UTF-8，內容卻有無法解讀的位元組')
    return { text: bytes.subarray(3), encoding: 'utf-8-bom' }
  }
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) {
    const bigEndian = bytes[0] === 0xfe
    return { text: (await inSlices(buffer.subarray(2), utf16(bigEndian), signal))!, encoding: bigEndian ? 'utf-16be' : 'utf-16le' }
  }
  // NUL bytes mean binary data or UTF-16 without a BOM: neither is a text table we can trust.
  if (bytes.includes(0)) throw undecodable(fileName, '內容不是文字（可能是其他程式的檔案）')
  // Strict UTF-8 first: validated without building the text (the CSV parser decodes it).
  if (isUtf8(bytes)) return { text: bytes, encoding: 'utf-8' }
  const text = await big5(buffer, signal)
  if (text !== null) return { text, encoding: 'big5' }
  throw undecodable(fileName, '既不是 UTF-8 也不是 Big5')
}

function undecodable(fileName: string, why: string) {
  return new AppError(
    'file-encoding',
    `無法辨識「${fileName}」的文字編碼（${why}）。請在 Excel 開啟後另存為「CSV UTF-8」或 .xlsx 再匯入。`,
    { file: fileName },
  )
}
