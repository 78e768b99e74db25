import { Readable } from 'node:stream'
import { createInflateRaw, crc32, inflateRawSync } from 'node:zlib'

// The zip container of an .xlsx, read from memory: its central directory tells where each
// part is; a part is inflated (streamed for the big sheets) and checked against its CRC-32
// and size, so a damaged file is refused instead of read as garbage — or waited on forever.

export class ZipError extends Error {}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const CHUNK = 256 * 1024

export interface ZipEntry {
  name: string
  method: number
  crc: number
  compressedSize: number
  size: number
  localOffset: number
}

function findEndOfDirectory(buf: Buffer): number {
  const from = Math.max(0, buf.length - 65_557)
  for (let i = buf.length - 22; i >= from; i--) if (buf.readUInt32LE(i) === EOCD) return i
  return -1
}

export class ZipArchive {
  readonly entries = new Map<string, ZipEntry>()
  private readonly buf: Buffer

  constructor(bytes: Uint8Array) {
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const end = findEndOfDirectory(this.buf)
    if (end < 0) throw new ZipError('檔案不完整')
    const count = this.buf.readUInt16LE(end + 10)
    let at = this.buf.readUInt32LE(end + 16)
    for (let i = 0; i < count; i++) {
      if (at + 46 > this.buf.length || this.buf.readUInt32LE(at) !== CENTRAL) throw new ZipError('目錄損毀')
      const nameLength = this.buf.readUInt16LE(at + 28)
      const entry: ZipEntry = {
        method: this.buf.readUInt16LE(at + 10),
        crc: this.buf.readUInt32LE(at + 16) >>> 0,
        compressedSize: this.buf.readUInt32LE(at + 20),
        size: this.buf.readUInt32LE(at + 24),
        localOffset: this.buf.readUInt32LE(at + 42),
        // Part names are ASCII in practice; compare them case-insensitively as Excel does.
        name: this.buf.toString('utf8', at + 46, at + 46 + nameLength).replace(/\\/g, '/').replace(/^\//, ''),
      }
      this.entries.set(entry.name.toLowerCase(), entry)
      at += 46 + nameLength + this.buf.readUInt16LE(at + 30) + this.buf.readUInt16LE(at + 32)
    }
  }

  get(name: string): ZipEntry | undefined {
    return this.entries.get(name.replace(/^\//, '').toLowerCase())
  }

  private dataOf(entry: ZipEntry): Buffer {
    const at = entry.localOffset
    if (at + 30 > this.buf.length || this.buf.readUInt32LE(at) !== LOCAL) throw new ZipError(`「${entry.name}」的資料位置錯誤`)
    const start = at + 30 + this.buf.readUInt16LE(at + 26) + this.buf.readUInt16LE(at + 28)
    const data = this.buf.subarray(start, start + entry.compressedSize)
    if (data.length !== entry.compressedSize) throw new ZipError(`「${entry.name}」不完整`)
    if (entry.method !== 0 && entry.method !== 8) throw new ZipError(`「${entry.name}」使用不支援的壓縮方式`)
    return data
  }

  private check(entry: ZipEntry, crc: number, size: number) {
    if (crc >>> 0 !== entry.crc || size !== entry.size) throw new ZipError(`「${entry.name}」內容損毀`)
  }

  /** A small part, whole. */
  read(entry: ZipEntry): Buffer {
    const data = this.dataOf(entry)
    let out: Buffer
    try {
      out = entry.method === 0 ? data : inflateRawSync(data)
    } catch {
      throw new ZipError(`「${entry.name}」無法解壓縮`)
    }
    this.check(entry, crc32(out), out.length)
    return out
  }

  /** A big part, in chunks; the check comes after the last chunk (a damaged part fails there). */
  async *stream(entry: ZipEntry): AsyncGenerator<Buffer> {
    const data = this.dataOf(entry)
    let crc = 0
    let size = 0
    const source = entry.method === 0
      ? Readable.from((function* () { for (let i = 0; i < data.length; i += CHUNK) yield data.subarray(i, i + CHUNK) })())
      : Readable.from([data]).pipe(createInflateRaw({ chunkSize: CHUNK }))
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        crc = crc32(chunk, crc)
        size += chunk.length
        yield chunk
      }
    } catch (error) {
      if (error instanceof ZipError) throw error
      throw new ZipError(`「${entry.name}」無法解壓縮`)
    }
    this.check(entry, crc, size)
  }
}
