import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { coverageText } from '../../../src/shared/contract/import'
import { formatDate } from '../../../src/shared/dates'
import type { School, SchoolFiles } from '../../fixtures/school'
import { writeProblemList, writeWideCsv } from '../../fixtures/school/write/confirmations'
import { bytesOf, importFiles, writeSchool } from '../../helpers/schoolImport'
import { commit, stage } from '../../helpers/importer'
import { fixedClock, tempCore, tempDir, type TempCore } from '../../helpers/tempCore'
import { rows, value } from '../../helpers/dbRows'

// Issue 10, item 4 on the fixture school: after a full import, one class's export (the problem
// list of class 201, its confirmation results) flags nothing outside that class — and the
// import page says it holds only that class before it is imported.

let school: School
let files: SchoolFiles
let t: TempCore
beforeAll(async () => {
  ;({ school, files } = await writeSchool())
  t = await tempCore({ clock: fixedClock('2025-10-15 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君' })
  await importFiles(t, files, ['roster', 'confirmationsWide', 'confirmationsWideCsv', 'problemList'])
}, 180_000)
afterAll(() => t.cleanup())

const CLASS = '201'

/** The school as class 201's export shows it; `drop` removes one report (the student withdrew it). */
function classOnly(drop: (c: School['confirmations'][number]) => boolean): School {
  const students = school.students.filter((s) => s.className === CLASS)
  const nos = new Set(students.map((s) => s.studentNo))
  let dropped = false
  const confirmations = school.confirmations.filter((c) => nos.has(c.studentNo)).map((c) => {
    if (dropped || c.reports.length < 2 || !drop(c)) return c
    dropped = true
    return { ...c, reports: c.reports.slice(1) }
  })
  return { ...school, students, confirmations }
}

const vanishedByClass = async () =>
  Object.fromEntries((await rows<{ class_name: string; n: number }>(t, `SELECT s.class_name, count(*) AS n FROM report_items r JOIN students s ON s.id = r.student_id
    WHERE r.vanished_at IS NOT NULL GROUP BY s.class_name`)).map((r) => [r.class_name, r.n]))

describe('one class’s export after a full import', () => {
  it('a problem list of class 201 says so before import, and flags only the one report of that class it no longer lists', async () => {
    const path = join(tempDir(), '錯誤回報清單_201.csv')
    const rows = await writeProblemList(classOnly(() => true), path)
    expect(rows).toBeGreaterThan(3)
    const staged = await stage(t, '錯誤回報清單_201.csv', bytesOf(path))
    expect(staged.coverage && coverageText(staged.coverage, (d) => formatDate(d))).toMatch(/^本檔只含 201 班，/)
    const summary = await commit(t, staged.id)
    expect(summary.reportItems).toMatchObject({ added: 0, vanished: 1, unchanged: rows })
    expect(await vanishedByClass()).toEqual({ [CLASS]: 1 })
  })

  it('its confirmation results (outcomes and performances) flag only the report of that class they no longer list', async () => {
    const path = join(tempDir(), '收訖確認結果_201.csv')
    await writeWideCsv(classOnly((c) => c.kind === 'performance'), path)
    const staged = await stage(t, '收訖確認結果_201.csv', bytesOf(path))
    expect(staged.coverage?.classes).toEqual([CLASS])
    expect(staged.coverage?.kinds).toEqual([{ kind: 'outcome', terms: null }, { kind: 'performance', terms: null }])
    // It lists again the outcome report the problem list above left out: that one is back.
    const summary = await commit(t, staged.id)
    expect(summary.reportItems).toMatchObject({ added: 0, vanished: 1, returned: 1 })
    expect(await vanishedByClass()).toEqual({ [CLASS]: 1 })
    const total = await value(t, 'SELECT count(*) AS n FROM report_items')
    expect(total).toBeGreaterThan(400)
  })
})
