import { crc32, deflateRawSync } from 'node:zlib'
import { LIMITS } from '../../../src/core/import/limits'
import { repeated, type DeflatedPart } from '../../helpers/zipOf'
import type { CaseMaker } from '../corpus'
import { FIRST_SHEET, MB, randomCjk, rebuilt, xlsxBases } from './build'

// Zip bombs in every part the reader inflates, each of a size just past its cap and of a
// gigabyte, with the size the zip declares honest (refused before inflating), understated
// (refused at the first chunk past it) or overstated to just under the cap (refused by the
// ratio or the cap while inflating); a part nobody reads ([Content_Types].xml) may be a bomb
// and the file still reads. And the overlapping bomb: hundreds of entries sharing one deflated
// sheet, stopped by the workbook's total.

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

const TARGETS = [
  { part: FIRST_SHEET, cap: LIMITS.sheetBytes, head: `<worksheet ${NS}><sheetData>`, unit: '<row r="7"><c r="A7"><v>1</v></c></row>', tail: '</sheetData></worksheet>' },
  { part: FIRST_SHEET, cap: LIMITS.sheetBytes, head: `<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`, unit: 'a', tail: '</t></is></c></row></sheetData></worksheet>' },
  { part: 'xl/sharedStrings.xml', cap: LIMITS.sharedStringsBytes, head: `<sst ${NS}>`, unit: '<si><t>學號</t></si>', tail: '</sst>' },
  { part: 'xl/styles.xml', cap: LIMITS.smallPartBytes, head: `<styleSheet ${NS}><cellXfs>`, unit: '<xf numFmtId="14"/>', tail: '</cellXfs></styleSheet>' },
  { part: 'xl/workbook.xml', cap: LIMITS.smallPartBytes, head: `<workbook ${NS}><sheets>`, unit: '<sheet name="工作表" sheetId="1" r:id="rId1"/>', tail: '</sheets></workbook>' },
  { part: 'xl/_rels/workbook.xml.rels', cap: LIMITS.smallPartBytes, head: '<Relationships>', unit: ' ', tail: '</Relationships>' },
  { part: '_rels/.rels', cap: LIMITS.smallPartBytes, head: '<Relationships>', unit: '<!-- -->', tail: '</Relationships>' },
  { part: '[Content_Types].xml', cap: Infinity, head: '<Types>', unit: ' ', tail: '</Types>' },
]

type Declared = 'honest' | 'understated' | 'overstated'

function declaredAs(part: DeflatedPart, declared: Declared, cap: number): DeflatedPart {
  if (declared === 'honest') return part
  if (declared === 'understated') return { ...part, size: 1000 }
  return { ...part, size: Math.min(0xffffffff, Number.isFinite(cap) ? cap - 1 : part.size) }
}

export const bombCases: CaseMaker = (bases) => {
  const base = xlsxBases(bases).find((b) => b.key === 'roster-sst')!
  const cases = TARGETS.flatMap((target, t) =>
    [Math.min(target.cap + MB, 2000 * MB), 1024 * MB].flatMap((size) =>
      (['honest', 'understated', 'overstated'] as Declared[]).map((declared) => {
        // Streamed until the ratio (100× its compressed size) or the cap stops it: slow past ~32 MB.
        const streamed = declared === 'overstated' && Math.min(target.cap, Math.max(LIMITS.ratioFloor, size / 10)) > 32 * MB
        return {
          id: `${base.key}/${target.part}-${t}/${size / MB}MB-${declared}`,
          fileName: base.fileName,
          heavy: streamed,
          bytes: () => {
            const unit = Buffer.byteLength(target.unit)
            const part = repeated(target.head, target.unit, Math.floor(size / unit), target.tail)
            return rebuilt(base, { [target.part]: declaredAs(part, declared, target.cap) })
          },
        }
      })))
  return [
    ...cases,
    ...[40, 400].map((sheets) => ({
      id: `${base.key}/overlapping-${sheets}-sheets`,
      fileName: base.fileName,
      heavy: sheets > 40,
      bytes: () => overlapping(sheets),
    })),
  ]
}

/**
 * A workbook of `sheets` sheets whose central directory points every sheet part at the same
 * deflated data: 2 MB of rows that do not compress, stored once (David Fifield's non-recursive
 * zip bomb). Each part is honest; together they inflate to `sheets` × 2 MB.
 */
function overlapping(sheets: number): Uint8Array {
  const rows = randomCjk(7, 600_000).match(/.{1,60}/g)!.map((text, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${text}</t></is></c></row>`)
  const sheetText = Buffer.from(`<worksheet ${NS}><sheetData>${rows.join('')}</sheetData></worksheet>`)
  const shared = { deflated: deflateRawSync(sheetText), crc: crc32(sheetText), size: sheetText.length }
  const names = Array.from({ length: sheets }, (_, i) => `xl/worksheets/sheet${i + 1}.xml`)
  const text = (s: string) => {
    const raw = Buffer.from(s)
    return { deflated: deflateRawSync(raw), crc: crc32(raw), size: raw.length }
  }
  const small: [string, DeflatedPart][] = [
    ['_rels/.rels', text('<Relationships><Relationship Id="rId1" Type="x/officeDocument" Target="xl/workbook.xml"/></Relationships>')],
    ['xl/workbook.xml', text(`<workbook ${NS} xmlns:r="r"><sheets>${names.map((_, i) => `<sheet name="S${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`)],
    ['xl/_rels/workbook.xml.rels', text(`<Relationships>${names.map((n, i) => `<Relationship Id="rId${i + 1}" Type="x/worksheet" Target="${n.slice(3)}"/>`).join('')}</Relationships>`)],
  ]
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  const local = (name: string, part: DeflatedPart) => {
    const header = Buffer.alloc(30)
    header.writeUInt32LE(0x04034b50, 0)
    header.writeUInt16LE(8, 8)
    header.writeUInt32LE(part.crc, 14)
    header.writeUInt32LE(part.deflated.length, 18)
    header.writeUInt32LE(part.size, 22)
    header.writeUInt16LE(Buffer.byteLength(name), 26)
    const at = offset
    locals.push(header, Buffer.from(name), part.deflated)
    offset += 30 + Buffer.byteLength(name) + part.deflated.length
    return at
  }
  const central = (name: string, part: DeflatedPart, at: number) => {
    const header = Buffer.alloc(46)
    header.writeUInt32LE(0x02014b50, 0)
    header.writeUInt16LE(8, 10)
    header.writeUInt32LE(part.crc, 16)
    header.writeUInt32LE(part.deflated.length, 20)
    header.writeUInt32LE(part.size, 24)
    header.writeUInt16LE(Buffer.byteLength(name), 28)
    header.writeUInt32LE(at, 42)
    centrals.push(header, Buffer.from(name))
  }
  for (const [name, part] of small) central(name, part, local(name, part))
  const sharedAt = local(names[0], shared)
  for (const name of names) central(name, shared, sharedAt)
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(small.length + names.length, 8)
  end.writeUInt16LE(small.length + names.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, directory, end]))
}
