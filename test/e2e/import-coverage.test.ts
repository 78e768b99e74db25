import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { generateSchool, writeHoldoutSchoolFiles, type HoldoutSchoolFiles, type School, type SchoolFiles } from '../fixtures/school'
import { writeProblemList } from '../fixtures/school/write/confirmations'
import { importFiles, writeSchool } from '../helpers/schoolImport'
import { fixedClock, tempDir } from '../helpers/tempCore'
import { launchApp, type AppUnderTest } from './app'
import { textOf, valueOf } from './expect'
import { sqliteOf } from '../helpers/sqliteOf'

// Issue 10 on the import page: a one-class export says what it covers before it is imported
// and flags nothing outside that class; a year-level 多元表現 workbook asks for no term and its
// records show beside the reports of both terms, marked as the whole year's.

let school: School
let files: SchoolFiles
let holdout: HoldoutSchoolFiles
let classList: string
beforeAll(async () => {
  ;({ school, files } = await writeSchool(generateSchool({ students: 240 })))
  holdout = await writeHoldoutSchoolFiles(school, join(tempDir('holdout-'), 'files'))
  const students = school.students.filter((s) => s.className === '201')
  const nos = new Set(students.map((s) => s.studentNo))
  classList = join(tempDir(), '錯誤回報清單_201.csv')
  await writeProblemList({ ...school, students, confirmations: school.confirmations.filter((c) => nos.has(c.studentNo)) }, classList)
}, 180_000)

let app: AppUnderTest
beforeEach(async () => {
  app = await launchApp({ clock: fixedClock('2025-10-17 09:00') })
  await app.call('settings.update', { operatorName: '陳怡君' })
  await importFiles(app, files, ['roster', 'confirmationsWide', 'confirmationsWideCsv', 'problemList'])
})
afterEach(() => app.close())

const card = (name: string) => app.page.getByRole('article', { name: `待匯入：${name}` })

describe('partial exports on the import page', () => {
  it('says a one-class problem list holds only that class, and importing it flags nothing', async () => {
    await app.open('import')
    app.host.importFiles.push([classList])
    await app.page.getByRole('button', { name: '選擇檔案…' }).click()
    const staged = card('錯誤回報清單_201.csv')
    // (Its kinds too, when class 201 reported on fewer kinds than the round confirms.)
    await textOf(staged.getByTestId('coverage')).toMatch(/^本檔只含 201 班，(.*，)?114\/10\/\d\d(–114\/10\/\d\d)? 的回報；/)
    await staged.scrollIntoViewIfNeeded()
    await app.screenshot('import-coverage-one-class')
    await staged.getByRole('button', { name: '匯入', exact: true }).click()
    await textOf(staged.getByRole('status', { name: /匯入結果/ })).toMatch(/回報已消失（已標記）\s*0/)
    expect((sqliteOf(app.core).prepare('SELECT count(*) AS n FROM report_items WHERE vanished_at IS NOT NULL').get() as { n: number }).n).toBe(0)
  })
})

describe('a year-level records file', () => {
  it('needs no term, and its records show beside both terms’ reports as the whole year’s', async () => {
    await app.open('import')
    app.host.importFiles.push([holdout.performance])
    await app.page.getByRole('button', { name: '選擇檔案…' }).click()
    const staged = card('113_學生自填多元表現名冊.xlsx')
    await valueOf(staged.getByLabel('學年度學期')).toBe('113')
    await textOf(staged).toContain('113 學年度（整學年）')
    await textOf(staged).toContain('來源：檔名')
    await staged.scrollIntoViewIfNeeded()
    await app.screenshot('import-year-level')
    await staged.getByRole('button', { name: '匯入', exact: true }).click()
    await textOf(staged.getByRole('status', { name: /匯入結果/ })).toContain('匯入完成')

    const record = school.performanceRecords[0]
    const student = sqliteOf(app.core).prepare('SELECT id FROM students WHERE national_id = ?').get(record.nationalId) as { id: number }
    await app.open(`students?id=${student.id}`)
    await app.page.getByRole('tab', { name: /多元表現/ }).click()
    for (const term of ['1131', '1132']) {
      const table = app.page.getByRole('group', { name: `${term} 多元表現` })
      await textOf(table).toContain('113 學年度')
      await textOf(table).toContain(record.title)
    }
    await app.page.getByRole('group', { name: '1131 多元表現' }).scrollIntoViewIfNeeded()
    await app.screenshot('students-year-level-records')
  })
})
