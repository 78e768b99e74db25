import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeCourseRecord } from '../../helpers/factories'
import { csvOf, xlsxOf, type Rows } from '../../helpers/importFiles'
import { importBytes } from '../../helpers/importer'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { row, rows as rowsOf } from '../../helpers/dbRows'

// Submitted records mirror the central database: a newer export of a term replaces the older.

let t: TempCore
beforeEach(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君' })
  await importBytes(t, '名冊.csv', csvOf([['學號', '姓名', '班級', '座號', '身分證號'], ['110001', '林小華', '201', '01', 'A123456789'], ['110002', '陳大明', '201', '02', 'B223456789']]))
})
afterEach(() => t.cleanup())

const HEAD = ['身分證號', '課程代碼', '科目名稱', '修課學分', '學期學業成績']
const course = (code: string, subject: string, score: number | string, id = 'A123456789') => [id, `113A0000000000000000${code}`, subject, 2, score]
const codes = async () => (await rowsOf<{ course_code: string; score: number }>(t, 'SELECT course_code, score FROM course_records ORDER BY course_code'))
  .map((r) => `${r.course_code.slice(-3)}:${r.score}`)
const importCourses = (rows: Rows, importRest = false) => importBytes(t, '113_2_修課紀錄.csv', csvOf([HEAD, ...rows]), { importRest })

describe('course records of a newer export', () => {
  it('updates changed rows and removes the ones the export no longer lists, in the same term and sheet', async () => {
    await importCourses([course('001', '國語文', 80), course('002', '數學', 70), course('003', '體育', 90)])
    await importBytes(t, '113_1_修課紀錄.csv', csvOf([HEAD, course('009', '國語文', 60)]))
    const newer = await importCourses([course('001', '國語文', 85), course('002', '數學', 70)])
    expect(newer).toMatchObject({ added: 0, updated: 1, unchanged: 1, vanished: 1 })
    // 1131's record is another term: untouched.
    expect(await codes()).toEqual(['001:85', '002:70', '009:60'])
  })

  it('removes nothing from a sheet whose newer export had rows with problems', async () => {
    await importCourses([course('001', '國語文', 80), course('002', '數學', 70), course('003', '體育', 90)])
    const newer = await importCourses([course('001', '國語文', 80), course('002', '數學', '七十')], true)
    expect(newer).toMatchObject({ unchanged: 1, vanished: 0, skipped: 1 })
    expect(await codes()).toEqual(['001:80', '002:70', '003:90'])
  })
})

describe('a partial export', () => {
  const B = 'B223456789'
  const full = [course('001', '國語文', 80), course('002', '數學', 70), course('001', '國語文', 75, B), course('002', '數學', 65, B)]

  it('removes only the dropped rows of the students it lists, leaving everyone else’s', async () => {
    await importCourses(full)
    const partial = await importCourses([course('001', '國語文', 80)])
    expect(partial).toMatchObject({ added: 0, updated: 0, unchanged: 1, vanished: 1 })
    const records = await rowsOf<{ national_id: string; course_code: string }>(t, 'SELECT national_id, course_code FROM course_records ORDER BY national_id, course_code')
    expect(records.map((r) => `${r.national_id[0]}:${r.course_code.slice(-3)}`)).toEqual(['A:001', 'B:001', 'B:002'])
  })

  it('of one class’s cadre posts leaves the other classes’ posts', async () => {
    const head = ['身分證號', '單位名稱', '擔任職務', '開始日期', '幹部等級']
    await importBytes(t, '113_2_幹部經歷.csv', csvOf([head,
      ['A123456789', '201班', '班長', '114/02/01', '2'], ['A123456789', '201班', '風紀股長', '114/02/01', '2'],
      [B, '202班', '班長', '114/02/01', '2']]))
    const classOnly = await importBytes(t, '113_2_幹部經歷_201.csv', csvOf([head, ['A123456789', '201班', '班長', '114/02/01', '2']]))
    expect(classOnly).toMatchObject({ unchanged: 1, vanished: 1 })
    const posts = await rowsOf(t, 'SELECT unit_name, role FROM cadre_records ORDER BY unit_name')
    expect(posts).toEqual([{ unit_name: '201班', role: '班長' }, { unit_name: '202班', role: '班長' }])
  })
})

describe('course records whatever the file is named', () => {
  const rows = [course('001', '國語文', 80), course('002', '數學', 70)]
  const sheets = async () => (await rowsOf<{ sheet: string }>(t, 'SELECT sheet FROM course_records ORDER BY course_code')).map((r) => r.sheet)

  it('are the same records from the CSV, its re-download and the workbook: re-imports are unchanged', async () => {
    expect(await importBytes(t, '113_2_學期成績.csv', csvOf([HEAD, ...rows]))).toMatchObject({ added: 2 })
    expect(await importBytes(t, '113_2_學期成績(1).csv', csvOf([HEAD, ...rows]))).toMatchObject({ added: 0, unchanged: 2, vanished: 0 })
    expect(await importBytes(t, '113_2_修課紀錄.xlsx', await xlsxOf({ 學期成績: [HEAD, ...rows] }))).toMatchObject({ added: 0, unchanged: 2, vanished: 0 })
    expect(await sheets()).toEqual(['學期成績', '學期成績'])
  })

  it('keep a retake sheet named in the CSV’s name apart from the term’s grades', async () => {
    await importBytes(t, '113_2_補修成績.csv', csvOf([HEAD, course('009', '國語文', 60)]))
    const grades = await importCourses(rows)
    expect(grades).toMatchObject({ added: 2, vanished: 0 })
    expect(await sheets()).toEqual(['學期成績', '學期成績', '補修成績'])
  })

  it('replace the rows an older version stored under the CSV’s file name', async () => {
    const student = (await row<{ id: number }>(t, "SELECT id FROM students WHERE national_id = 'A123456789'"))!
    for (const [code, subject] of [['001', '國語文'], ['002', '數學']]) {
      const courseCode = `113A0000000000000000${code}`
      await makeCourseRecord(t.core.ctx.db, {
        national_id: 'A123456789', student_id: student.id, term: '1132', sheet: '113_2_修課紀錄', course_code: courseCode,
        natural_key: `113_2_修課紀錄|${courseCode}`, subject_name: subject,
      })
    }
    expect(await importCourses(rows)).toMatchObject({ added: 2, vanished: 2 })
    expect(await sheets()).toEqual(['學期成績', '學期成績'])
  })
})
