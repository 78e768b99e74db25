import { rmSync } from 'node:fs'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import * as XLSX from '@e965/xlsx'
import { ZipArchive } from '../../src/core/import/zip'
import { FILE_NAMES, generateSchool, writeSchoolFiles, type FileKey, type School } from '../fixtures/school'
import { receiptEntries, receiptZipOf } from '../fixtures/school/write/receipt'
import { zipOf } from '../helpers/zipOf'

// The files the hostile corpus damages: every file of a small fixture school — the roster,
// the confirmation results wide (xlsx, UTF-8 BOM csv) and long (UTF-8 csv), the four record
// kinds, and the Big5 roster and cadre files — plus two workbooks re-laid as Excel itself saves
// (shared strings instead of inline strings). Workbooks are re-zipped by hand so the corpus is
// the same bytes on every run (exceljs stamps each zip entry with the time of writing). And the
// formats of issue 13: the course book as an old .xls and the roster as an .ods and as a web page
// (each written by SheetJS from the workbook), and the term-1132 收訖 zip of the same school.

export interface BaseFile {
  /** A short name for case ids: roster, course-sst… */
  key: string
  fileName: string
  format: 'xlsx' | 'csv' | 'xls' | 'ods' | 'html' | 'receiptZip'
  bytes: Buffer
  /** A workbook's parts (a 收訖 zip's data files) as text, by name. */
  parts: Record<string, string>
}

const STUDENTS = 40

async function partsOf(bytes: Buffer): Promise<Record<string, string>> {
  const zip = new ZipArchive(bytes)
  const parts: Record<string, string> = {}
  for (const entry of zip.entries.values()) {
    const chunks: Buffer[] = []
    for await (const chunk of zip.stream(entry, 64 * 1024 * 1024)) chunks.push(chunk)
    parts[entry.name] = Buffer.concat(chunks).toString('utf8')
  }
  return parts
}

/** The same workbook with its text in a shared-strings part, as Excel writes it. */
function withSharedStrings(parts: Record<string, string>): Record<string, string> {
  const strings: string[] = []
  const index = new Map<string, number>()
  const out: Record<string, string> = { ...parts }
  for (const name of Object.keys(parts).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    out[name] = parts[name].replace(/<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>([^<]*)<\/t><\/is><\/c>/g, (_, before: string, after: string, text: string) => {
      if (!index.has(text)) index.set(text, strings.push(text) - 1)
      return `<c ${before}t="s"${after}><v>${index.get(text)}</v></c>`
    })
  }
  out['xl/sharedStrings.xml'] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`
  out['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels'].replace(
    '</Relationships>',
    '<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
  )
  return out
}

export async function baseFiles(seed = 1): Promise<BaseFile[]> {
  const dir = await mkdtemp(join(tmpdir(), 'hostile-bases-'))
  try {
    const school = generateSchool({ seed, students: STUDENTS })
    const files = await writeSchoolFiles(school, dir)
    const bases: BaseFile[] = []
    for (const key of Object.keys(FILE_NAMES) as FileKey[]) {
      const bytes = await readFile(files[key])
      const fileName = basename(files[key])
      if (!fileName.endsWith('.xlsx')) {
        bases.push({ key, fileName, format: 'csv', bytes, parts: {} })
        continue
      }
      const parts = await partsOf(bytes)
      bases.push({ key, fileName, format: 'xlsx', bytes: Buffer.from(zipOf(parts)), parts })
      if (key === 'roster' || key === 'course') {
        const shared = withSharedStrings(parts)
        bases.push({ key: `${key}-sst`, fileName, format: 'xlsx', bytes: Buffer.from(zipOf(shared)), parts: shared })
      }
    }
    return [...bases, ...(await otherFormats(school, bases))]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The formats SheetJS and zip.js read, made from the bases above (SheetJS writes its .xls and .ods the same every run). */
async function otherFormats(school: School, bases: BaseFile[]): Promise<BaseFile[]> {
  const book = (key: string) => XLSX.read(bases.find((b) => b.key === key)!.bytes, { type: 'buffer', dense: true })
  const course = book('course')
  const roster = book('roster')
  const html = `<html><head><meta charset="utf-8"></head><body>${roster.SheetNames.map((n) => XLSX.utils.sheet_to_html(roster.Sheets[n], { header: '', footer: '' })).join('\n')}</body></html>`
  const entries = receiptEntries(school, '1132')
  const receipt = Buffer.from(await receiptZipOf(entries))
  return [
    { key: 'course-xls', fileName: '113_2_修課紀錄.xls', format: 'xls', bytes: XLSX.write(course, { bookType: 'xls', type: 'buffer' }) as Buffer, parts: {} },
    { key: 'roster-ods', fileName: '學生名冊.ods', format: 'ods', bytes: XLSX.write(roster, { bookType: 'ods', type: 'buffer' }) as Buffer, parts: {} },
    { key: 'roster-html', fileName: '學生名冊.xls', format: 'html', bytes: Buffer.from(html, 'utf8'), parts: {} },
    // Its parts: the data files, as text.
    { key: 'receipt', fileName: '範例高中_1132_收訖明細.zip', format: 'receiptZip', bytes: receipt, parts: Object.fromEntries(entries.map((e) => [e.name, Buffer.from(e.bytes).toString('utf8')])) },
  ]
}
