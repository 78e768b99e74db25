import { constants, crc32, deflateRawSync } from 'node:zlib'

/** A part deflated beforehand: one too big for a test to hold as text (a zip bomb), made by `repeated`. */
export interface DeflatedPart {
  deflated: Buffer
  crc: number
  size: number
}

/**
 * A zip of the given parts, written by hand: for workbooks in layouts exceljs never writes
 * (other part names, namespace prefixes, Excel's own quirks) and for hostile ones.
 */
export function zipOf(parts: Record<string, string | DeflatedPart>): Uint8Array {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, part] of Object.entries(parts)) {
    const { deflated: data, crc, size } = typeof part === 'string' ? deflatedText(part) : part
    const nameBytes = Buffer.from(name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    locals.push(local, nameBytes, data)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, nameBytes)
    offset += 30 + nameBytes.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(parts).length, 8)
  end.writeUInt16LE(Object.keys(parts).length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, directory, end]))
}

function deflatedText(text: string): DeflatedPart {
  const raw = Buffer.from(text, 'utf8')
  return { deflated: deflateRawSync(raw), crc: crc32(raw), size: raw.length }
}

/** Deflated on its own, ending on a byte boundary with nothing referring back: pieces made so chain. */
const piece = (bytes: Buffer) => deflateRawSync(bytes, { finishFlush: constants.Z_FULL_FLUSH })

/**
 * `head`, then `unit` `times` over, then `tail`, as one deflated part — without ever holding
 * the whole text: a block of units is deflated once and its bytes repeated (each piece is
 * flushed in full, so it stands alone). 400 MB of text costs ~400 KB and a fraction of a second.
 */
export function repeated(head: string, unit: string, times: number, tail: string): DeflatedPart {
  const perBlock = Math.max(1, Math.min(times, Math.floor((1 << 20) / Buffer.byteLength(unit))))
  const block = Buffer.from(unit.repeat(perBlock), 'utf8')
  const rest = Buffer.from(unit.repeat(times % perBlock), 'utf8')
  const headBytes = Buffer.from(head, 'utf8')
  const tailBytes = Buffer.from(tail, 'utf8')
  const blocks = Math.floor(times / perBlock)
  let crc = crc32(headBytes)
  for (let i = 0; i < blocks; i++) crc = crc32(block, crc)
  crc = crc32(tailBytes, crc32(rest, crc))
  const deflatedBlock = piece(block)
  const deflated = Buffer.concat([
    piece(headBytes), ...Array<Buffer>(blocks).fill(deflatedBlock), piece(rest), piece(tailBytes), deflateRawSync(Buffer.alloc(0)),
  ])
  return { deflated, crc: crc >>> 0, size: headBytes.length + blocks * block.length + rest.length + tailBytes.length }
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

/**
 * The parts of a plain one-sheet workbook (sheet 工作表1 at xl/worksheets/sheet1.xml), as
 * Excel names them; a test swaps in the part it makes hostile.
 */
export function workbookParts(sheet: string | DeflatedPart, more: Record<string, string | DeflatedPart> = {}): Record<string, string | DeflatedPart> {
  return {
    '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': `<workbook ${NS}><sheets><sheet name="工作表1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': '<Relationships><Relationship Id="rId1" Type=".../worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type=".../sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type=".../styles" Target="styles.xml"/></Relationships>',
    'xl/styles.xml': `<styleSheet ${NS}><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>`,
    'xl/sharedStrings.xml': `<sst ${NS}><si><t>學號</t></si><si><t>姓名</t></si></sst>`,
    'xl/worksheets/sheet1.xml': sheet,
    ...more,
  }
}

/** A worksheet part around the given rows' XML. */
export const sheetXml = (rows: string) => `<worksheet ${NS}><sheetData>${rows}</sheetData></worksheet>`
export const SHEET_HEAD = `<worksheet ${NS}><sheetData>`
export const SHEET_TAIL = '</sheetData></worksheet>'
