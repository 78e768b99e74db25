import iconv from 'iconv-lite'
import type { CaseMaker } from '../corpus'
import { csvBases } from './build'

// Text files in an encoding the importer does not read, or in two at once: each must be
// refused with the encoding message (or, where the bytes happen to decode, as a file whose
// headers are not recognised) — never read as mojibake data.

const concat = (...parts: (Buffer | number[])[]) => new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))))

/** Every third line in the other encoding. */
function mixed(text: string, first: string, other: string): Uint8Array {
  return concat(...text.split('\n').map((line, i) => iconv.encode(`${line}\n`, i % 3 === 2 ? other : first)))
}

const VARIANTS: Record<string, (text: string) => Uint8Array> = {
  'utf16le-no-bom': (t) => new Uint8Array(Buffer.from(t, 'utf16le')),
  'utf16be-no-bom': (t) => new Uint8Array(Buffer.from(t, 'utf16le').swap16()),
  'utf16le-odd-byte': (t) => concat([0xff, 0xfe], Buffer.from(t, 'utf16le'), [0x41]),
  'utf16be-bom-little-endian-body': (t) => concat([0xfe, 0xff], Buffer.from(t, 'utf16le')),
  'utf16le-bom-utf8-body': (t) => concat([0xff, 0xfe], Buffer.from(t, 'utf8')),
  'utf32le-bom': (t) => concat([0xff, 0xfe, 0, 0], ...[...t].map((c) => { const b = Buffer.alloc(4); b.writeUInt32LE(c.codePointAt(0)!); return b })),
  'utf8-bom-big5-body': (t) => concat([0xef, 0xbb, 0xbf], iconv.encode(t, 'cp950')),
  'utf8-then-big5': (t) => mixed(t, 'utf8', 'cp950'),
  'big5-then-utf8': (t) => mixed(t, 'cp950', 'utf8'),
  'gbk': (t) => new Uint8Array(iconv.encode(t, 'gbk')),
  'shift-jis': (t) => new Uint8Array(iconv.encode(t, 'shift_jis')),
  'euc-kr': (t) => new Uint8Array(iconv.encode(t, 'euc-kr')),
  'windows-1252': (t) => new Uint8Array(iconv.encode(t, 'win1252')),
  'utf8-cut-character': (t) => concat(Buffer.from(t, 'utf8'), [0xe5, 0xad]),
  'utf8-overlong': (t) => concat(Buffer.from(t.slice(0, 40), 'utf8'), [0xc0, 0xaf, 0xe0, 0x80, 0xaf], Buffer.from(t.slice(40), 'utf8')),
  'cesu8-surrogates': (t) => concat(Buffer.from(t.slice(0, 40), 'utf8'), [0xed, 0xa0, 0x80, 0xed, 0xb0, 0x80], Buffer.from(t.slice(40), 'utf8')),
  'nul-bytes': (t) => concat(Buffer.from(t.slice(0, 60), 'utf8'), [0, 0, 0], Buffer.from(t.slice(60), 'utf8')),
  'big5-lone-lead-bytes': (t) => concat(iconv.encode(t, 'cp950'), [0xa4, 0x0a, 0xa4]),
}

export const encodingCases: CaseMaker = (bases, rng) =>
  csvBases(bases).flatMap((base) => {
    const isBig5 = base.key === 'rosterBig5' || base.key === 'cadre'
    const text = isBig5 ? iconv.decode(base.bytes, 'cp950') : base.bytes.toString('utf8').replace(/^\uFEFF/, '')
    const noise = Array.from({ length: 4096 }, () => rng.int(0, 255))
    return [
      ...Object.entries(VARIANTS).map(([what, encode]) => ({
        id: `${base.key}/${what}`,
        fileName: base.fileName,
        heavy: false,
        bytes: () => encode(text),
      })),
      { id: `${base.key}/binary-noise`, fileName: base.fileName, heavy: false, bytes: () => new Uint8Array(noise) },
      { id: `${base.key}/text-then-noise`, fileName: base.fileName, heavy: false, bytes: () => concat(base.bytes, noise) },
    ]
  })
