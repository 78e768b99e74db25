import { Rng } from '../fixtures/school'
import { baseFiles, type BaseFile } from './bases'
import { bombCases } from './families/bombs'
import { cellCases } from './families/cells'
import { flippedCases, truncatedCases } from './families/damage'
import { formatCases } from './families/formats'
import { encodingCases } from './families/encodings'
import { limitCases } from './families/limits'
import { lineCases } from './families/lines'
import { markupCases } from './families/markup'
import { nestingCases } from './families/nesting'
import { unclosedCases } from './families/unclosed'
import { zipLieCases } from './families/zipLies'

// The hostile-file corpus (issue 10): over a thousand malformed files, made deterministically
// (seeded PRNG, no clock) from the fixture school's files. Each must be refused with a zh-TW
// message naming the file, or read — within seconds per MB, a few hundred MB of memory, no
// event-loop stall over 200 ms, and the DB untouched (see verdict.ts). A case's bytes are made
// when asked for, so the 100 MB ones never sit in memory together.

export const FAMILIES = {
  truncated: 'every fixture file cut short, at the start, the middle and the zip directory',
  flipped: 'every fixture file with bytes overwritten, one to hundreds, scattered or in bursts',
  markup: "workbooks whose XML is damaged inside a valid zip (the CRC matches the damage)",
  bombs: 'zip bombs in every part — shared strings, sheet, styles, workbook, relationships — and overlapping entries',
  cells: 'cells at and past 32,767 characters, up to tens of MB, in inline, shared and formula strings and CSV fields',
  unclosed: 'rows, cells, values, strings, tags, comments and CDATA that never close',
  nesting: 'elements nested a million deep, rows in rows, cells in cells, entity declarations',
  limits: "1,048,576 rows and one more, columns past XFD, row numbers and cell references that are no numbers",
  encodings: 'text files in the wrong or a mixed encoding: UTF-16 without BOM, GBK, Shift-JIS, Big5 in UTF-8…',
  lines: 'a 100 MB line, a line of commas, of quotes, of line breaks',
  zipLies: 'zips whose declared sizes, CRCs, offsets, methods or entry counts lie',
  formats: '.xls, .ods and web pages, and 收訖 zips: passwords, bombs inside, a lying SHA.txt, JSON that is no table',
} as const

export type Family = keyof typeof FAMILIES

export interface HostileCase {
  /** family/base/what, unique. */
  id: string
  family: Family
  fileName: string
  /** Too slow or too big for `npm test` (the 100 MB line, the million-row sheet): `npm run fuzz` runs it. */
  heavy: boolean
  bytes(): Uint8Array
}

export type CaseMaker = (bases: BaseFile[], rng: Rng) => Omit<HostileCase, 'family'>[]

const MAKERS: Record<Family, CaseMaker> = {
  truncated: truncatedCases,
  flipped: flippedCases,
  markup: markupCases,
  bombs: bombCases,
  cells: cellCases,
  unclosed: unclosedCases,
  nesting: nestingCases,
  limits: limitCases,
  encodings: encodingCases,
  lines: lineCases,
  zipLies: zipLieCases,
  formats: formatCases,
}

export async function hostileCorpus(seed = 1, families: Family[] = Object.keys(FAMILIES) as Family[]): Promise<HostileCase[]> {
  const bases = await baseFiles(seed)
  return families.flatMap((family) =>
    MAKERS[family](bases, Rng.for(seed, `hostile:${family}`)).map((c) => ({ ...c, id: `${family}/${c.id}`, family })))
}

/** The deterministic few hundred `npm test` runs: every fourth fast case of each family. */
export function everydaySubset(cases: HostileCase[]): HostileCase[] {
  const seen = new Map<Family, number>()
  return cases.filter((c) => {
    if (c.heavy) return false
    const n = seen.get(c.family) ?? 0
    seen.set(c.family, n + 1)
    return n % 4 === 0
  })
}
