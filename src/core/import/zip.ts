import { Readable } from 'node:stream'
import { createInflateRaw, crc32 } from 'node:zlib'
import { nextTurn } from '../eventLoop'
import { LIMITS } from './limits'

// The zip container of an .xlsx, read from memory: its central directory tells where each
// part is; a part is inflated in chunks and checked against its CRC-32 and size, so a damaged
// file is refused instead of read as garbage — or waited on forever.
//
// A zip's declared sizes may lie, so nothing is allocated by them and every limit is checked
// on the bytes actually inflated, chunk by chunk, stopping the inflater at the first one past:
// the part's cap, a sane ratio to its compressed size (and of everything inflated so far to the
// whole file's size), the workbook's running total, and the size the directory declares (a
// part that inflates past it is damaged or forged). Entries whose data overlap — the trick of
// the non-recursive zip bomb, one deflated stream behind many parts — are refused outright.

export class ZipError extends Error {}

/** A part that would inflate past a limit: `why` says which, `cap` how far it may go. */
export class ZipLimitError extends ZipError {
  constructor(readonly entry: ZipEntry, readonly why: 'size' | 'ratio' | 'total', readonly cap: number) {
    super(`「${entry.name}」太大`)
  }
}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const CHUNK = 256 * 1024
const FEED = 64 * 1024

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
  /** Bytes inflated so far from every part, against the workbook's total. */
  private inflated = 0

  constructor(bytes: Uint8Array, private readonly totalCap = LIMITS.workbookBytes) {
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
    const byOffset = [...this.entries.values()].sort((a, b) => a.localOffset - b.localOffset)
    for (let i = 1; i < byOffset.length; i++) {
      const before = byOffset[i - 1]
      if (byOffset[i].localOffset < before.localOffset + 30 + before.compressedSize) throw new ZipError('檔案中的資料互相重疊')
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

  /** The first limit `size` inflated bytes of the part would pass, if any. */
  private limitPassed(entry: ZipEntry, size: number, cap: number): ZipLimitError | ZipError | null {
    const byRatio = (compressed: number) => Math.max(LIMITS.ratioFloor, LIMITS.ratio * compressed)
    if (size > cap) return new ZipLimitError(entry, 'size', cap)
    if (size > byRatio(entry.compressedSize) || this.inflated + size > byRatio(this.buf.length)) return new ZipLimitError(entry, 'ratio', LIMITS.ratio)
    if (this.inflated + size > this.totalCap) return new ZipLimitError(entry, 'total', this.totalCap)
    if (size > entry.size) return new ZipError(`「${entry.name}」的內容比宣告的大`)
    return null
  }

  /**
   * A part in chunks, never inflated past `cap` bytes nor any other limit (see above); the
   * CRC and size check comes after the last chunk (a damaged part fails there).
   */
  async *stream(entry: ZipEntry, cap: number, signal?: AbortSignal): AsyncGenerator<Buffer> {
    // A declared size past a limit is refused before inflating anything; one that lies low is caught below.
    const declared = this.limitPassed(entry, entry.size, cap)
    if (declared) throw declared
    const data = this.dataOf(entry)
    const slices = function* (size: number) {
      for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size)
    }
    const source = entry.method === 0 ? Readable.from(slices(CHUNK)) : Readable.from(slices(FEED)).pipe(createInflateRaw({ chunkSize: CHUNK }))
    let crc = 0
    let size = 0
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        const passed = this.limitPassed(entry, size + chunk.length, cap)
        if (passed) throw passed
        crc = crc32(chunk, crc)
        size += chunk.length
        yield chunk
        signal?.throwIfAborted()
        // A stored part arrives without a pause: let the window's calls in between chunks.
        await nextTurn()
      }
    } catch (error) {
      if (error instanceof ZipError || signal?.aborted) throw error
      throw new ZipError(`「${entry.name}」無法解壓縮`)
    } finally {
      this.inflated += size
      source.destroy()
    }
    if (crc >>> 0 !== entry.crc || size !== entry.size) throw new ZipError(`「${entry.name}」內容損毀`)
  }
}
