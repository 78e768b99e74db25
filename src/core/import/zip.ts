import { Readable } from 'node:stream'
import { createInflateRaw, crc32 } from 'node:zlib'

// exceljs's streaming reader (through unzipper) can wait forever on a damaged zip instead of
// failing. So before exceljs sees a workbook, we walk the zip's central directory and inflate
// every entry once, checking its CRC-32 and size: a file that passes is one exceljs can read
// to the end; one that fails is refused at once. Inflation is streamed, so memory stays flat.

export interface ZipCheck {
  ok: boolean
  /** Why not, in zh-TW. */
  problem?: string
  entries: string[]
}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

function findEndOfDirectory(buf: Buffer): number {
  const from = Math.max(0, buf.length - 65_557)
  for (let i = buf.length - 22; i >= from; i--) if (buf.readUInt32LE(i) === EOCD) return i
  return -1
}

interface Entry {
  name: string
  method: number
  crc: number
  compressedSize: number
  size: number
  localOffset: number
}

function centralDirectory(buf: Buffer): Entry[] | string {
  const end = findEndOfDirectory(buf)
  if (end < 0) return '檔案不完整'
  const count = buf.readUInt16LE(end + 10)
  let at = buf.readUInt32LE(end + 16)
  const entries: Entry[] = []
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL) return '目錄損毀'
    const nameLength = buf.readUInt16LE(at + 28)
    entries.push({
      method: buf.readUInt16LE(at + 10),
      crc: buf.readUInt32LE(at + 16),
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42),
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
    })
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32)
  }
  return entries
}

async function checkEntry(buf: Buffer, entry: Entry): Promise<string | null> {
  const at = entry.localOffset
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL) return `「${entry.name}」的資料位置錯誤`
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28)
  const data = buf.subarray(start, start + entry.compressedSize)
  if (data.length !== entry.compressedSize) return `「${entry.name}」不完整`
  let crc = 0
  let size = 0
  if (entry.method === 0) {
    crc = crc32(data)
    size = data.length
  } else if (entry.method === 8) {
    try {
      for await (const chunk of Readable.from([data]).pipe(createInflateRaw({ chunkSize: 256 * 1024 }))) {
        crc = crc32(chunk as Buffer, crc)
        size += (chunk as Buffer).length
      }
    } catch {
      return `「${entry.name}」無法解壓縮`
    }
  } else {
    return `「${entry.name}」使用不支援的壓縮方式`
  }
  if (crc >>> 0 !== entry.crc >>> 0 || size !== entry.size) return `「${entry.name}」內容損毀`
  return null
}

export async function checkZip(bytes: Uint8Array): Promise<ZipCheck> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const entries = centralDirectory(buf)
  if (typeof entries === 'string') return { ok: false, problem: entries, entries: [] }
  const names = entries.map((e) => e.name)
  if (!names.includes('xl/workbook.xml')) return { ok: false, problem: '不是 Excel 活頁簿', entries: names }
  for (const entry of entries) {
    const problem = await checkEntry(buf, entry)
    if (problem) return { ok: false, problem, entries: names }
  }
  return { ok: true, entries: names }
}
