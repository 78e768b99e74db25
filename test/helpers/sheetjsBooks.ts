import * as XLSX from '@e965/xlsx'
import { zipOf } from './zipOf'

// Small books in the formats SheetJS reads, written by SheetJS itself (its writer is independent
// of the reading path under test), and books with a password as Excel and LibreOffice mark them.

export type BookRows = (string | number | { v: number; z: string } | null)[][]

/** A one-sheet book as .xls (BIFF8) or .ods; a `{v, z}` cell is a number with its number format. */
export function bookOf(sheet: string, rows: BookRows, bookType: 'xls' | 'ods'): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet(rows.map((row) => row.map((cell) => (cell !== null && typeof cell === 'object' ? cell.v : cell))))
  rows.forEach((row, r) => row.forEach((cell, c) => {
    if (cell !== null && typeof cell === 'object') ws[XLSX.utils.encode_cell({ r, c })].z = cell.z
  }))
  const wb = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(wb, ws, sheet)
  return new Uint8Array(XLSX.write(wb, { bookType, type: 'buffer' }))
}

/**
 * An .xls with Excel's FilePass record after its BOF record: how Excel 97–2003 marks a book
 * saved with a password to open (here XOR obfuscation, the simplest of its three schemes).
 */
export function passwordXls(): Uint8Array {
  const cfb = XLSX.CFB.read(Buffer.from(bookOf('名冊', [['學號', '姓名'], ['0123', '林小華']], 'xls')), { type: 'buffer' })
  const stream = XLSX.CFB.find(cfb, 'Workbook')!
  const data = Buffer.from(stream.content as Uint8Array)
  const bof = 4 + data.readUInt16LE(2)
  const filePass = Buffer.from([0x2f, 0x00, 0x06, 0x00, 0x00, 0x00, 0x34, 0x12, 0x78, 0x56])
  stream.content = Buffer.concat([data.subarray(0, bof), filePass, data.subarray(bof)])
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer)
}

/** An .xlsx with a password as Excel 2007+ saves it: an OLE file of EncryptionInfo (agile) and EncryptedPackage. */
export function passwordXlsx(): Uint8Array {
  const cfb = XLSX.CFB.utils.cfb_new()
  const info = '<?xml version="1.0"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>'
  XLSX.CFB.utils.cfb_add(cfb, 'EncryptionInfo', Buffer.concat([Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]), Buffer.from(info)]))
  XLSX.CFB.utils.cfb_add(cfb, 'EncryptedPackage', Buffer.alloc(4096, 7))
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer)
}

/** An .ods with a password as LibreOffice saves it: its manifest says each part is encrypted. */
export function passwordOds(): Uint8Array {
  return zipOf({
    mimetype: 'application/vnd.oasis.opendocument.spreadsheet',
    'META-INF/manifest.xml': '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>',
    'content.xml': 'not readable without the password',
  })
}
