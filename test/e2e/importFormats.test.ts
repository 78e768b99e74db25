import { basename, join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { generateSchool, writeSchoolFiles, type School, type SchoolFiles } from '../fixtures/school'
import { writeReceiptZips } from '../fixtures/school/write/receipt'
import { convertWithLibreOffice } from '../fixtures/school/write/twins'
import { importFiles } from '../helpers/schoolImport'
import { sqliteOf } from '../helpers/sqliteOf'
import { fixedClock, tempDir } from '../helpers/tempCore'
import { launchApp, type AppUnderTest } from './app'
import { countOf, textOf } from './expect'

// Issue 13 on the import page: an old .xls and an .ods are staged as what they are and import
// like any workbook; a 收訖 zip with a password asks for it on its card, says when it is wrong,
// and once opened gives its place to its data files, each checked against SHA.txt.

const PASSWORD = '114收訖'
let school: School
let files: SchoolFiles
let xls: string
let ods: string
let zip: { term: string; path: string; entries: string[] }
beforeAll(async () => {
  school = generateSchool({ students: 60 })
  const dir = tempDir('formats-e2e-')
  files = await writeSchoolFiles(school, join(dir, 'files'))
  convertWithLibreOffice([files.roster], 'xls', join(dir, 'xls'))
  convertWithLibreOffice([files.course], 'ods', join(dir, 'ods'))
  xls = join(dir, 'xls', basename(files.roster).replace(/\.xlsx$/, '.xls'))
  ods = join(dir, 'ods', basename(files.course).replace(/\.xlsx$/, '.ods'))
  const zips = await writeReceiptZips(school, join(dir, 'zips'), { password: PASSWORD, cipher: 'aes' })
  zip = zips.find((z) => z.entries.some((name) => name.includes('修課紀錄')))!
}, 180_000)

let app: AppUnderTest
beforeEach(async () => {
  app = await launchApp({ clock: fixedClock('2025-10-17 09:00') })
  await app.call('settings.update', { operatorName: '陳怡君' })
})
afterEach(() => app.close())

const card = (name: string) => app.page.getByRole('article', { name: `待匯入：${name}` })
const count = (table: string) => (sqliteOf(app.core).prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

async function pick(paths: string[]) {
  await app.open('import')
  app.host.importFiles.push(paths)
  await app.page.getByRole('button', { name: '選擇檔案…' }).click()
}

describe('old and other workbooks on the import page', () => {
  it('stages an .xls and an .ods as what they are, and imports the .xls roster', async () => {
    await pick([xls, ods])
    const roster = card(basename(xls))
    const course = card(basename(ods))
    await textOf(roster).toContain('舊版 Excel（.xls）')
    await textOf(roster.getByTestId('recognised-kind')).toBe('學生名冊')
    await textOf(course).toContain('OpenDocument 試算表（.ods）')
    await textOf(course.getByTestId('recognised-kind')).toBe('修課紀錄')
    await app.screenshot('import-xls')
    await course.scrollIntoViewIfNeeded()
    await app.screenshot('import-ods')
    await roster.getByRole('button', { name: '匯入', exact: true }).click()
    await textOf(roster.getByRole('status', { name: /匯入結果/ })).toContain('匯入完成')
    expect(count('students')).toBe(school.students.length)
  })
})

describe('a 收訖 zip with a password on the import page', () => {
  it('asks for the password, says when it is wrong, then shows its data files ready to import', async () => {
    await importFiles(app, files, ['roster'])
    await pick([zip.path])
    const staged = card(basename(zip.path))
    await textOf(staged).toContain(`「${basename(zip.path)}」有密碼保護，請輸入密碼。`)
    await textOf(staged).toContain('中央資料庫收訖壓縮檔')
    const field = staged.getByLabel('壓縮檔密碼')
    await app.screenshot('import-receipt-zip-password')

    await field.fill('not it')
    await staged.getByRole('button', { name: '開啟' }).click()
    await textOf(staged).toContain('的密碼不正確，請再輸入一次。')
    expect(await field.inputValue()).toBe('')

    await field.fill(PASSWORD)
    await staged.getByRole('button', { name: '開啟' }).click()
    await countOf(staged).toBe(0)
    for (const name of zip.entries) {
      await textOf(card(name)).toContain(`取自「${basename(zip.path)}」（SHA-256 已核對）`)
      await textOf(card(name).getByTestId('recognised-kind')).toBe(name.replace(/^.*_|\.json$/g, '').replace('校內幹部經歷', '幹部經歷'))
    }
    const courseFile = card(zip.entries.find((name) => name.includes('修課紀錄'))!)
    await courseFile.scrollIntoViewIfNeeded()
    await app.screenshot('import-receipt-zip-opened')

    expect(count('course_records')).toBe(0)
    await courseFile.getByRole('button', { name: /匯入$/ }).click()
    await textOf(courseFile.getByRole('status', { name: /匯入結果/ })).toContain('匯入完成')
    const known = new Set(school.students.map((s) => s.nationalId))
    expect(count('course_records')).toBe(school.courseRecords.filter((r) => r.term === zip.term && known.has(r.nationalId)).length)
  })
})
