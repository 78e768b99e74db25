import iconv from 'iconv-lite'
import type { CaseMaker } from '../corpus'
import { MB } from './build'

// Lines no export has: 100 MB in one line — of text, of commas, of quotes, inside an opened
// quote, in Big5 — and 100 MB of line breaks; and their 1 MB-and-a-byte and 10 MB cousins.

const HEADER = '學號,姓名,班級,座號\n0123,林小華,201,01\n'

const LINES: Record<string, (size: number) => Buffer> = {
  'text': (size) => Buffer.alloc(size, 'x'),
  'cjk': (size) => Buffer.alloc(size, '林'),
  'commas': (size) => Buffer.alloc(size, ','),
  'quotes': (size) => Buffer.alloc(size, '"'),
  'open-quote': (size) => Buffer.concat([Buffer.from('0124,"'), Buffer.alloc(size, '林')]),
  'line-breaks': (size) => Buffer.alloc(size, '\n'),
  'carriage-returns': (size) => Buffer.alloc(size, '\r'),
  'big5': (size) => Buffer.concat(Array.from({ length: Math.ceil(size / MB) }, () => iconv.encode('林'.repeat(MB / 2), 'cp950'))).subarray(0, size & ~1),
}

export const lineCases: CaseMaker = () =>
  Object.entries(LINES).flatMap(([what, line]) =>
    [MB + 1, 10 * MB, 100 * MB].map((size) => ({
      id: `${what}-${size}`,
      fileName: `一行_${what}.csv`,
      heavy: size > 10 * MB,
      bytes: () => new Uint8Array(Buffer.concat([what === 'big5' ? iconv.encode(HEADER, 'cp950') : Buffer.from(HEADER), line(size)])),
    })))
