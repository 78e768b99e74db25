import { createHash } from 'node:crypto'
import { LIMITS } from '../../../src/core/import/limits'
import { passwordOds, passwordXls, passwordXlsx } from '../../helpers/sheetjsBooks'
import { repeated, zipOf, type DeflatedPart } from '../../helpers/zipOf'
import type { CaseMaker } from '../corpus'
import { MB } from './build'
import { centralOf, LIES } from './zipLies'

// The formats of issue 13 made hostile: books with a password (.xls, .xlsx, .ods); a zip bomb
// inside a 收訖 zip and inside an .ods (SheetJS inflates whole, so ours must stop it first); a
// SHA.txt that lies (hashes swapped, a file left out); JSON that is no table — nested a million
// deep, a cell past Excel's limit, a record of 20,000 fields, not JSON at all; the 收訖 zip's
// directory lying about its data file; web pages with a cell or a row past Excel's limits.

const ZIP = '範例高中_1132_收訖明細.zip'
const COURSE = '範例高中_1132_修課紀錄.json'
const sha = (text: string) => createHash('sha256').update(text).digest('hex')

/** A plain 收訖 zip of one data file, SHA.txt listing it with its real hash (or the one given). */
function receiptOf(json: string | DeflatedPart, hash = typeof json === 'string' ? sha(json) : '0'.repeat(64)): Uint8Array {
  return zipOf({ 'SHA.txt': `${COURSE},${hash}\r\n`, [COURSE]: json })
}

const student = (records: string) => `{"修課紀錄":[{"身分證號":"A123456789","出生日期":"0970305","學期成績":[${records}]}]}`

export const formatCases: CaseMaker = (bases) => {
  const receipt = bases.find((b) => b.key === 'receipt')!
  const fast = (id: string, fileName: string, bytes: () => Uint8Array, heavy = false) => ({ id, fileName, heavy, bytes })
  const bomb = (size: number, declared: 'honest' | 'understated') => {
    const part = repeated('{"修課紀錄":[', '{"身分證號":"A123456789","學期成績":[]},', Math.floor(size / 40), '{}]}')
    return receiptOf(declared === 'honest' ? part : { ...part, size: 1000 })
  }
  const odsBomb = () => zipOf({
    mimetype: 'application/vnd.oasis.opendocument.spreadsheet',
    'content.xml': repeated('<office:document-content><office:body><office:spreadsheet><table:table>', '<table:table-row><table:table-cell/></table:table-row>', Math.floor(1024 * MB / 55), '</table:table></office:spreadsheet></office:body></office:document-content>'),
  })
  return [
    fast('encrypted/xls', '名冊.xls', passwordXls),
    fast('encrypted/xlsx', '名冊.xlsx', passwordXlsx),
    fast('encrypted/ods', '名冊.ods', passwordOds),
    ...([[LIMITS.receiptEntryBytes + MB, 'honest'], [1024 * MB, 'honest'], [1024 * MB, 'understated']] as const).map(([size, declared]) =>
      fast(`receipt/bomb-${Math.round(size / MB)}MB-${declared}`, ZIP, () => bomb(size, declared))),
    fast('ods/bomb-1024MB', '學生名冊.ods', odsBomb),
    fast('receipt/sha-swapped', ZIP, () => {
      const names = Object.keys(receipt.parts)
      const lines = names.map((name, i) => `${name},${sha(receipt.parts[names[(i + 1) % names.length]])}`)
      return zipOf({ 'SHA.txt': lines.join('\r\n'), ...receipt.parts })
    }),
    fast('receipt/sha-one-left-out', ZIP, () => {
      const names = Object.keys(receipt.parts).slice(1)
      return zipOf({ 'SHA.txt': names.map((name) => `${name},${sha(receipt.parts[name])}`).join('\r\n'), ...receipt.parts })
    }),
    fast('receipt/json-deep', ZIP, () => receiptOf(student(`{"課程代碼":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`))),
    fast('receipt/json-long-cell', ZIP, () => receiptOf(student(`{"課程代碼":"X","科目名稱":"${'國'.repeat(LIMITS.cellChars + 1)}"}`))),
    fast('receipt/json-many-fields', ZIP, () => receiptOf(student(`{${Array.from({ length: 20_000 }, (_, i) => `"欄${i}":"${i}"`).join(',')}}`))),
    fast('receipt/not-json', ZIP, () => receiptOf('{"修課紀錄":[{"身分證號":"A123456789","學期成績":[{"課程代碼":"X",')),
    ...Object.entries(LIES).map(([what, lie]) => fast(`receipt/${what}`, ZIP, () => {
      const bytes = Buffer.from(receipt.bytes)
      const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
      lie(bytes, centralOf(bytes, COURSE), end)
      return new Uint8Array(bytes)
    })),
    fast('html/wide-row', '名冊.xls', () => Buffer.from(`<table><tr>${'<td>1</td>'.repeat(LIMITS.columns + 1)}</tr></table>`)),
    fast('html/long-cell', '名冊.xls', () => Buffer.from(`<table><tr><td>學號</td><td>${'國'.repeat(LIMITS.cellChars + 1)}</td></tr></table>`)),
  ]
}
