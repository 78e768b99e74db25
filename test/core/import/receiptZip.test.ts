import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateSchool, writeSchoolFiles, type School, type SchoolFiles } from '../../fixtures/school'
import { receiptEntries, receiptZipOf, shaListOf, writeReceiptZips, type ReceiptEntry, type ReceiptZipOptions } from '../../fixtures/school/write/receipt'
import { commit, settled, stage, stageZip } from '../../helpers/importer'
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

describe('a 收訖 zip that does not check out', () => {
  const zipName = '範例高中_1132_收訖明細.zip'
  let t: TempCore
  let entries: ReceiptEntry[]
  beforeAll(async () => {
    t = await core()
    entries = receiptEntries(school, '1132')
  }, 60_000)

  /** Stages the zip: it must be refused, nothing unpacked from it, the DB as it was. */
  async function refused(bytes: Uint8Array, password?: string): Promise<string> {
    const before = await importedData(t)
    const [zip, ...more] = await stageZip(t, zipName, bytes, password)
    expect(more).toEqual([])
    expect(zip).toMatchObject({ fileName: zipName, format: 'receiptZip', status: 'refused' })
    await expect(t.call('import.commit', { stagedId: zip.id, importRest: true })).rejects.toThrow(`「${zipName}」無法匯入`)
    await t.call('import.discard', { stagedId: zip.id })
    expect(await importedData(t)).toEqual(before)
    return zip.message!
  }

  it('refuses a zip whose data file differs from its SHA-256 in SHA.txt, naming that file, with a password or without', async () => {
    const [course, ...rest] = entries
    const text = Buffer.from(course.bytes).toString('utf8')
    const tampered = { ...course, bytes: Buffer.from(text.replace('"學期學業成績":"', '"學期學業成績":"9'), 'utf8') }
    expect(tampered.bytes).not.toEqual(course.bytes)
    const expected = `無法匯入「${zipName}」：「${course.name}」的 SHA-256 與 SHA.txt 不符：檔案在傳送中損毀或被改動過。請重新下載中央資料庫的收訖壓縮檔。`
    expect(await refused(await receiptZipOf([tampered, ...rest], {}, shaListOf(entries)))).toBe(expected)
    expect(await refused(await receiptZipOf([tampered, ...rest], { password: 'secret' }, shaListOf(entries)), 'secret')).toBe(expected)
  }, 60_000)

  it('refuses a data file SHA.txt does not list, one it lists twice, and a zip without SHA.txt', async () => {
    const [first, ...rest] = entries
    expect(await refused(await receiptZipOf(entries, {}, shaListOf(rest)))).toContain(`SHA.txt 沒有列出壓縮檔中的「${first.name}」`)
    const twice = shaListOf(entries) + `${first.name},${'0'.repeat(64)}\r\n`
    expect(await refused(await receiptZipOf(entries, {}, twice))).toContain(`SHA.txt 把「${first.name}」列了 2 次`)
    const noHash = shaListOf(entries).replace(/(修課紀錄\.json),[0-9a-f]{64}/, '$1,')
    expect(await refused(await receiptZipOf(entries, {}, noHash))).toContain(`SHA.txt 中「${first.name}」那一行沒有 SHA-256`)
    expect(await refused(await receiptZipOf(entries, {}, null))).toContain('壓縮檔中沒有 SHA.txt')
  }, 60_000)

  it('asks for the password, says when it is wrong, and opens with the right one', async () => {
    const bytes = await receiptZipOf(entries, { password: '正確密碼', cipher: 'aes' })
    const [zip] = await stageZip(t, zipName, bytes)
    expect(zip).toMatchObject({ status: 'refused', zipPassword: 'needed', message: `「${zipName}」有密碼保護，請輸入密碼。` })
    const wrong = await t.call('import.analyse', { stagedId: zip.id, zipPassword: '錯誤密碼' })
    await t.core.ctx.jobs.wait(wrong.jobId!).catch(() => undefined)
    expect((await settled(t)).find((s) => s.id === zip.id)).toMatchObject({ zipPassword: 'wrong', message: `「${zipName}」的密碼不正確，請再輸入一次。` })
    const right = await t.call('import.analyse', { stagedId: zip.id, zipPassword: '正確密碼' })
    await t.core.ctx.jobs.wait(right.jobId!)
    const staged = await settled(t)
    expect(staged.some((s) => s.id === zip.id)).toBe(false)
    expect(staged.filter((s) => s.fromZip === zipName).map((s) => [s.fileName, s.status]).sort()).toEqual(entries.map((e) => [e.name, 'ready']).sort())
    for (const s of staged) await t.call('import.discard', { stagedId: s.id })
  }, 60_000)

  it('refuses a data file whose records are not flat, naming the student, the sheet and the field', async () => {
    const name = '範例高中_1132_修課紀錄.json'
    const json = { 修課紀錄: [{ 身分證號: 'A123456789', 出生日期: '0970305', 學期成績: [{ 課程代碼: { 代碼: '1' }, 科目名稱: '國語文' }] }] }
    const bad = { name, bytes: Buffer.from(JSON.stringify(json), 'utf8') }
    const [file] = await stageZip(t, zipName, await receiptZipOf([bad]))
    expect(file).toMatchObject({ fileName: name, fromZip: zipName, status: 'refused' })
    expect(file.message).toBe(`無法匯入「${zipName}」中的「${name}」：第 1 位學生的「學期成績」第 1 筆的「課程代碼」不是文字或數字。`)
    await t.call('import.discard', { stagedId: file.id })
  })

  it('refuses a JSON file taken out of its zip: its SHA-256 could not be checked', async () => {
    const staged = await stage(t, entries[0].name, entries[0].bytes)
    expect(staged).toMatchObject({ status: 'refused', message: expect.stringContaining('請匯入下載的整個 .zip 壓縮檔') })
    await t.call('import.discard', { stagedId: staged.id })
  })
})
