import type { CaseMaker } from '../corpus'
import { FIRST_SHEET, xlsxBases } from './build'

// A zip's directory that lies: about a part's size, compressed size, CRC, where its data is
// or how it is compressed; an end record that lies about how many entries there are or where
// the directory starts. Each field is rewritten in a real workbook's bytes.

const CENTRAL = 0x02014b50
const EOCD = 0x06054b50

/** Where the central directory entry of `name` starts. */
export function centralOf(bytes: Buffer, name: string): number {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  let at = bytes.readUInt32LE(end + 16)
  while (bytes.readUInt32LE(at) === CENTRAL) {
    const length = bytes.readUInt16LE(at + 28)
    if (bytes.toString('utf8', at + 46, at + 46 + length) === name) return at
    at += 46 + length + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32)
  }
  throw new Error(`no entry ${name}`)
}

export type Lie = (bytes: Buffer, central: number, end: number) => void

const u32 = (field: number, value: (old: number) => number): Lie => (b, c) => b.writeUInt32LE(value(b.readUInt32LE(c + field)) >>> 0, c + field)
const u16 = (field: number, value: (old: number) => number): Lie => (b, c) => b.writeUInt16LE(value(b.readUInt16LE(c + field)) & 0xffff, c + field)
const inEnd = (field: number, value: (old: number) => number, width: 2 | 4): Lie => (b, _c, e) =>
  width === 2 ? b.writeUInt16LE(value(b.readUInt16LE(e + field)) & 0xffff, e + field) : b.writeUInt32LE(value(b.readUInt32LE(e + field)) >>> 0, e + field)

export const LIES: Record<string, Lie> = {
  'size-minus-1': u32(24, (n) => n - 1),
  'size-plus-1': u32(24, (n) => n + 1),
  'size-zero': u32(24, () => 0),
  'size-4gb': u32(24, () => 0xffffffff),
  'size-tenfold': u32(24, (n) => n * 10),
  'compressed-plus-1': u32(20, (n) => n + 1),
  'compressed-minus-1': u32(20, (n) => n - 1),
  'compressed-zero': u32(20, () => 0),
  'compressed-4gb': u32(20, () => 0xffffffff),
  'crc': u32(16, (n) => n ^ 1),
  'offset-plus-1': u32(42, (n) => n + 1),
  'offset-past-end': u32(42, () => 0xffffff00),
  'offset-first-entry': u32(42, () => 0),
  'method-bzip2': u16(10, () => 12),
  'method-aes': u16(10, () => 99),
  'method-stored': u16(10, () => 0),
  'name-length-huge': u16(28, () => 0xffff),
  'extra-length-huge': u16(30, () => 0xffff),
  'local-signature': (b, c) => b.writeUInt32LE(0, b.readUInt32LE(c + 42)),
  'entries-plus-1': inEnd(10, (n) => n + 1, 2),
  'entries-65535': inEnd(10, () => 0xffff, 2),
  'entries-zero': inEnd(10, () => 0, 2),
  'directory-offset-plus-1': inEnd(16, (n) => n + 1, 4),
  'directory-offset-past-end': inEnd(16, () => 0xffffffff, 4),
}

export const zipLieCases: CaseMaker = (bases) =>
  xlsxBases(bases).flatMap((base) =>
    Object.entries(LIES).map(([what, lie]) => ({
      id: `${base.key}/${what}`,
      fileName: base.fileName,
      heavy: false,
      bytes: () => {
        const bytes = Buffer.from(base.bytes)
        const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
        if (bytes.readUInt32LE(end) !== EOCD) throw new Error('no end record')
        lie(bytes, centralOf(bytes, FIRST_SHEET), end)
        return new Uint8Array(bytes)
      },
    })))
