import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateSchool, writeSchoolFiles, type SchoolFiles } from '../../fixtures/school'
import { HTML_KEYS, writeFormatTwins, type FormatTwins, type WorkbookKey } from '../../fixtures/school/write/twins'
import { stage } from '../../helpers/importer'
import { countsOf, importedData, type ImportedData } from '../../helpers/importedData'
import { bytesOf, importPath, LOAD_ORDER } from '../../helpers/schoolImport'
import { fixedClock, tempCore, tempDir, type TempCore } from '../../helpers/tempCore'
import { basename } from 'node:path'

// Every file the school has (issue 13, item 1): the fixture school's workbooks saved as the old
// .xls and as .ods by LibreOffice, and as the web page a web admin area sends as ".xls", each
// import to exactly the data of its .xlsx twin — students, confirmations, report items and
// records, every value and every source column as written (LibreOffice drops the spaces around
// a text when it opens the fixture's .xlsx, so its twins are compared with those trimmed).

let files: SchoolFiles
let twins: FormatTwins
let xlsx: TempCore
let fromXlsx: ImportedData
const cores: TempCore[] = []

async function importSchool(replace: Partial<Record<WorkbookKey, string>> = {}): Promise<TempCore> {
  const t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  cores.push(t)
  await t.call('settings.update', { operatorName: '陳怡君' })
  for (const key of LOAD_ORDER) await importPath(t, replace[key as WorkbookKey] ?? files[key])
  return t
}

beforeAll(async () => {
  files = await writeSchoolFiles(generateSchool({ students: 240 }), join(tempDir('formats-'), 'files'))
  twins = await writeFormatTwins(files, tempDir('twins-'))
  xlsx = await importSchool()
  fromXlsx = await importedData(xlsx)
}, 300_000)
afterAll(async () => {
  for (const t of cores) await t.cleanup()
})

describe('the fixture school saved in other formats', () => {
  it.each([['xls'], ['ods']] as const)('imports from .%s to exactly what its .xlsx twins give', async (format) => {
    for (const path of Object.values(twins[format])) {
      const staged = await stage(await scratch(), basename(path), bytesOf(path))
      expect(staged).toMatchObject({ format, status: 'ready', problemRows: expect.any(Number) })
    }
    const data = await importedData(await importSchool(twins[format]), { trimWritten: true })
    const expected = await importedData(xlsx, { trimWritten: true })
    expect(countsOf(data)).toEqual(countsOf(expected))
    expect(data).toEqual(expected)
  }, 300_000)

  it('imports from the web pages named .xls (Big5 and UTF-8) to exactly what their .xlsx twins give', async () => {
    const roster = await stage(await scratch(), basename(twins.html.roster), bytesOf(twins.html.roster))
    expect(roster).toMatchObject({ format: 'html', encoding: 'Big5（繁體中文 Excel）', shape: 'roster', status: 'ready' })
    const data = await importedData(await importSchool(twins.html))
    expect(countsOf(data)).toEqual(countsOf(fromXlsx))
    expect(data).toEqual(fromXlsx)
    expect(HTML_KEYS.length).toBe(3)
  }, 300_000)
})

let spare: TempCore | null = null
/** A core to stage files on without importing them. */
async function scratch(): Promise<TempCore> {
  if (!spare) cores.push((spare = await tempCore()))
  return spare
}
