import iconv from 'iconv-lite'
import type { CaseMaker } from '../corpus'
import { FIRST_SHEET, insertedAt, randomCjk, rebuilt, xlsxBases } from './build'

// Cells at Excel's limit (32,767 characters: read) and past it, up to tens of MB: in an inline
// string, a formula's cached string, the shared strings, and CSV fields quoted or not, in
// UTF-8 and Big5. Text of one repeated character compresses a thousandfold (the ratio stops
// it); random CJK text does not (only the cell limit does).

const LENGTHS = [32_767, 32_768, 100_000, 1_000_000, 10_000_000]

export const cellCases: CaseMaker = (bases, rng) => {
  const book = xlsxBases(bases).find((b) => b.key === 'roster-sst')!
  const sheet = book.parts[FIRST_SHEET]
  const strings = book.parts['xl/sharedStrings.xml']
  const text = (length: number, random: boolean, seed: number) => (random ? randomCjk(seed, length) : '林'.repeat(length))
  const workbookCases = LENGTHS.flatMap((length) =>
    [false, true].flatMap((random) =>
      (['inline', 'formula', 'shared'] as const).map((kind) => {
        const seed = rng.int(1, 1e9)
        return {
          id: `${book.key}/${kind}-${random ? 'random' : 'same'}-${length}`,
          fileName: book.fileName,
          heavy: length >= 10_000_000 || (random && length >= 1_000_000),
          bytes: () => {
            const value = text(length, random, seed)
            if (kind === 'shared') return rebuilt(book, { 'xl/sharedStrings.xml': strings.replace('<si>', `<si><t>${value}</t></si><si>`) })
            const cell = kind === 'inline' ? `<c r="B5" t="inlineStr"><is><t>${value}</t></is></c>` : `<c r="B5" t="str"><f>A1</f><v>${value}</v></c>`
            return rebuilt(book, { [FIRST_SHEET]: insertedAt(sheet, 0.2, `<row r="5000">${cell}</row>`) })
          },
        }
      })))
  const csv = bases.find((b) => b.key === 'problemList')!
  const csvCases = LENGTHS.flatMap((length) =>
    (['plain', 'quoted', 'lines'] as const).flatMap((kind) =>
      (['utf8', 'big5'] as const).map((encoding) => ({
        id: `${csv.key}/${kind}-${encoding}-${length}`,
        fileName: encoding === 'big5' ? '錯誤回報清單_Big5.csv' : csv.fileName,
        heavy: length >= 10_000_000,
        bytes: () => {
          const lines = csv.bytes.toString('utf8').split('\n')
          const value = kind === 'plain' ? '林'.repeat(length) : kind === 'quoted' ? `"${'林,'.repeat(length / 2)}"` : `"${'林\n'.repeat(length / 2)}"`
          lines.splice(3, 0, `0001,修課紀錄,每學年收訖,1132,201,林小華,01,110001,資料有誤,${value},,2025/10/08 15:12:33`)
          const out = lines.join('\n')
          return new Uint8Array(encoding === 'big5' ? iconv.encode(out, 'cp950') : Buffer.from(out, 'utf8'))
        },
      }))))
  return [...workbookCases, ...csvCases]
}
