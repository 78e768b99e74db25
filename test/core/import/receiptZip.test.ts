import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateSchool, writeSchoolFiles, type School, type SchoolFiles } from '../../fixtures/school'
import { writeReceiptZips, type ReceiptZipOptions } from '../../fixtures/school/write/receipt'
import { commit, stageZip } from '../../helpers/importer'
import { countsOf, importedData, type ImportedData } from '../../helpers/importedData'
import { importPath } from '../../helpers/schoolImport'
import { fixedClock, tempCore, tempDir, type TempCore } from '../../helpers/tempCore'

// The central database's 收訖 zip (issue 13, item 2): the fixture school's records as the
// central database hands them over — a zip a term, SHA.txt and a JSON file a kind — land as
// exactly the records its spreadsheets give: same natural keys, same row hashes, same values
// (only `source`, each file's columns as written, differs). Whatever the zip's cipher and
// however its names are encoded.

const RECORD_FILES = ['course', 'cadre', 'performance1131', 'performance1132', 'outcome'] as const
const RECORD_TABLES = ['course_records', 'cadre_records', 'performance_records', 'outcome_records']

let school: School
let files: SchoolFiles
let fromSpreadsheets: ImportedData
const cores: TempCore[] = []

async function core(): Promise<TempCore> {
  const t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  cores.push(t)
  await t.call('settings.update', { operatorName: '陳怡君' })
  await importPath(t, files.roster)
  return t
}

const records = (data: ImportedData) => Object.fromEntries(RECORD_TABLES.map((table) => [table, data[table]]))

beforeAll(async () => {
  school = generateSchool({ students: 240 })
  files = await writeSchoolFiles(school, join(tempDir('receipt-'), 'files'))
  const t = await core()
  for (const key of RECORD_FILES) await importPath(t, files[key])
  fromSpreadsheets = await importedData(t, { omit: ['source'] })
}, 180_000)
afterAll(async () => {
  for (const t of cores) await t.cleanup()
})

/** Stages every zip (with the password, if any) and imports every data file it holds; the data files as staged. */
async function importZips(t: TempCore, options: ReceiptZipOptions) {
  const zips = await writeReceiptZips(school, tempDir('zips-'), options)
  const staged = []
  for (const zip of zips) {
    const unpacked = await stageZip(t, basename(zip.path), new Uint8Array(readFileSync(zip.path)), options.password)
    expect(unpacked.map((f) => f.fileName).sort(), unpacked[0].message ?? '').toEqual([...zip.entries].sort())
    for (const file of unpacked) {
      expect(file.status, `${file.fileName}: ${file.message}`).toBe('ready')
      await commit(t, file.id, true)
    }
    staged.push(...unpacked)
  }
  return staged
}

describe('the 收訖 zip of the fixture school', () => {
  it('imports records identical to the spreadsheets\', so that the spreadsheets imported after it change nothing', async () => {
    const t = await core()
    const staged = await importZips(t, { password: '114收訖', cipher: 'aes' })
    // Each data file shows where it came from and what it is; its term comes from its name.
    for (const file of staged) {
      expect(file).toMatchObject({ format: 'receiptJson', fromZip: expect.stringMatching(/^範例高中_\d{4}_收訖明細\.zip$/), termSource: expect.stringMatching(/fileName|column/) })
    }
    expect(staged.map((f) => f.shape).sort()).toEqual(['cadre', 'course', 'outcome', 'outcome', 'performance', 'performance'])

    const fromZips = await importedData(t, { omit: ['source'] })
    expect(countsOf(records(fromZips))).toEqual(countsOf(records(fromSpreadsheets)))
    expect(records(fromZips)).toEqual(records(fromSpreadsheets))
    expect(fromZips.course_records.length).toBeGreaterThan(3000)

    for (const key of RECORD_FILES) {
      const summary = await importPath(t, files[key])
      expect(summary, key).toMatchObject({ added: 0, updated: 0, vanished: 0 })
      expect(summary.unchanged, key).toBeGreaterThan(0)
    }
  }, 180_000)

  it.each<[string, ReceiptZipOptions]>([
    ['ZipCrypto with names in Big5', { password: 'secret', cipher: 'zipCrypto', names: 'big5' }],
    ['no password, names in UTF-8', {}],
  ])('imports the same records from a zip with %s', async (_, options) => {
    const t = await core()
    await importZips(t, options)
    expect(records(await importedData(t, { omit: ['source'] }))).toEqual(records(fromSpreadsheets))
  }, 180_000)
})
