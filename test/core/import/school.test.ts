import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ROUTING } from '../../../src/shared/domain'
import { PERFORMANCE_CATEGORIES, reportItems, type School, type SchoolFiles } from '../../fixtures/school'
import { importFiles, importPath, writeSchool } from '../../helpers/schoolImport'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { execute, row, rows as rowsOf, value } from '../../helpers/dbRows'

// The fixture school, imported file by file as staff would, compared with the model it was
// written from: every student, confirmation, report item and record lands as the model says.

let school: School
let files: SchoolFiles
let t: TempCore
let summaries: Awaited<ReturnType<typeof importFiles>>

beforeAll(async () => {
  ;({ school, files } = await writeSchool())
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君' })
  summaries = await importFiles(t, files)
}, 180_000)
afterAll(() => t.cleanup())

const rows = <T>(query: string, ...params: unknown[]) => rowsOf<T>(t, query, ...params)
const sorted = (list: unknown[]) => list.map((x) => JSON.stringify(x)).sort()

describe('importing the fixture school', () => {
  it('loads every student with normalised values, keeping unknown roster columns aside', async () => {
    const students = await rows<Record<string, string | number | null>>('SELECT * FROM students')
    expect(sorted(students.map((s) => [s.student_no, s.national_id, s.name, s.class_name, s.seat, s.grade, s.birth_date, s.homeroom_teacher])))
      .toEqual(sorted(school.students.map((s) => [s.studentNo, s.nationalId, s.name, s.className, s.seat, s.grade, s.birthDate, s.homeroomTeacher])))
    const extra = JSON.parse(String(students.find((s) => s.student_no === school.students[0].studentNo)!.extra))
    expect(extra.性別).toBe(school.students[0].gender === 'male' ? '男' : '女')
    expect(summaries.roster).toMatchObject({ added: school.students.length, skipped: 0 })
    // The Big5 roster lists the same students: nothing to change.
    expect(summaries.rosterBig5).toMatchObject({ added: 0, updated: 0, unchanged: school.students.length })
  })

  it('loads every confirmation with its state, its text as written and its time', async () => {
    const items = reportItems(school)
    const earliest = new Map<string, string>()
    for (const item of items.values()) {
      const key = `${item.confirmation.studentNo}|${item.confirmation.kind}|${item.confirmation.term}`
      if (!earliest.has(key) || item.reportedAt < earliest.get(key)!) earliest.set(key, item.reportedAt)
    }
    const inDb = await rows<{ student_no: string; kind: string; term: string; state: string; state_text: string | null; confirmed_at: string | null }>(
      'SELECT s.student_no, c.kind, c.term, c.state, c.state_text, c.confirmed_at FROM confirmations c JOIN students s ON s.id = c.student_id',
    )
    // A reported confirmation's time is its first report's, to the second (the problem list's 回報時間).
    expect(sorted(inDb.map((c) => [c.student_no, c.kind, c.term, c.state, c.state_text, c.confirmed_at]))).toEqual(
      sorted(school.confirmations.map((c) => [
        c.studentNo, c.kind, c.term, c.state, c.stateText || null,
        earliest.get(`${c.studentNo}|${c.kind}|${c.term}`) ?? c.confirmedAt,
      ])),
    )
  })

  it('loads every report item with its reason, time, ticket and section; the problem list changes nothing after the wide files', async () => {
    const inDb = await rows<Record<string, string | null>>(
      `SELECT s.student_no, r.kind, r.term, r.error_type, r.reason, r.reported_at, r.ticket_no, r.section, r.status, r.vanished_at
       FROM report_items r JOIN students s ON s.id = r.student_id`,
    )
    expect(sorted(inDb.map((r) => Object.values(r)))).toEqual(
      sorted([...reportItems(school).values()].map((i) => [
        i.confirmation.studentNo, i.confirmation.kind, i.confirmation.term, i.errorType, i.reason, i.reportedAt, i.ticketNo,
        DEFAULT_ROUTING[i.confirmation.kind], 'new', null,
      ])),
    )
    expect(summaries.problemList).toMatchObject({ added: 0, updated: 0, vanished: 0, unchanged: inDb.length })
    expect(summaries.problemList?.reportItems).toMatchObject({ added: 0, updated: 0, vanished: 0, returned: 0 })
  })

  it('loads course records of every sheet, the term from the file name, skipping unknown students with a reason', async () => {
    const known = school.courseRecords.filter((r) => !school.unknownNationalIds.includes(r.nationalId))
    const inDb = await rows<Record<string, unknown>>(`SELECT national_id, term, sheet, course_code, subject_name, grade_offered, credits, score,
      passed, makeup_score, makeup_passed, credit_counted, qualitative FROM course_records`)
    expect(sorted(inDb.map((r) => Object.values(r)))).toEqual(sorted(known.map((r) => [
      r.nationalId, r.term, r.sheet, r.courseCode, r.subjectName, r.gradeOffered, r.credits, r.score, r.passed, r.makeupScore,
      r.makeupPassed, r.creditCounted, r.qualitative,
    ])))
    expect(summaries.course).toMatchObject({ term: '1132', added: known.length, skipped: 2 })
    expect(summaries.course?.skippedReasons).toEqual(school.unknownNationalIds.map(() => expect.objectContaining({
      sheet: '學期成績', column: '身分證號', reason: expect.stringMatching(/^名冊中沒有身分證號 [A-Z]\d{2}\*{4}\d{3} 的學生/),
    })))
    // `source` keeps every column as written, including the ones not imported.
    const source = JSON.parse((await rows<{ source: string }>('SELECT source FROM course_records LIMIT 1'))[0].source)
    expect(Object.keys(source)).toEqual(expect.arrayContaining(['身分證號', '課程代碼', '備註_姓名', '備註_學號']))
  })

  it('loads cadre, performance and outcome records as the model has them', async () => {
    const cadre = await rows<Record<string, unknown>>('SELECT national_id, term, unit_name, role, start_date, end_date, level FROM cadre_records')
    expect(sorted(cadre.map((r) => Object.values(r)))).toEqual(
      sorted(school.cadreRecords.map((r) => [r.nationalId, r.term, r.unitName, r.role, r.startDate, r.endDate, r.level])),
    )
    const performance = await rows<{ national_id: string; term: string; category: string; title: string; fields: string }>(
      'SELECT national_id, term, category, title, fields FROM performance_records',
    )
    expect(sorted(performance.map((r) => [r.national_id, r.term, r.category, r.title, JSON.parse(r.fields)]))).toEqual(
      sorted(school.performanceRecords.map((r) => [r.nationalId, r.term, r.category, r.title, r.fields])),
    )
    const outcome = await rows<Record<string, unknown>>('SELECT national_id, term, course_code, subject_name, grade_offered, credits, summary FROM outcome_records')
    expect(sorted(outcome.map((r) => Object.values(r)))).toEqual(
      sorted(school.outcomeRecords.map((r) => [r.nationalId, r.term, r.courseCode, r.subjectName, r.gradeOffered, r.credits, r.summary])),
    )
  })

  it('lands every course sheet and performance category of the files, with the model\'s row counts', async () => {
    const count = (list: string[]) => list.reduce<Record<string, number>>((m, k) => ((m[k] = (m[k] ?? 0) + 1), m), {})
    const known = school.courseRecords.filter((r) => !school.unknownNationalIds.includes(r.nationalId))
    const sheets = Object.fromEntries((await rows<{ sheet: string; n: number }>('SELECT sheet, count(*) AS n FROM course_records GROUP BY sheet')).map((r) => [r.sheet, r.n]))
    expect(sheets).toEqual(count(known.map((r) => r.sheet)))
    for (const sheet of ['學期成績', '補修成績', '重修成績', '重讀成績', '轉學轉科成績']) expect(sheets[sheet], sheet).toBeGreaterThan(0)
    const categories = Object.fromEntries(
      (await rows<{ key: string; n: number }>(`SELECT term || '|' || category AS key, count(*) AS n FROM performance_records GROUP BY term, category`)).map((r) => [r.key, r.n]),
    )
    expect(categories).toEqual(count(school.performanceRecords.map((r) => `${r.term}|${r.category}`)))
    for (const term of ['1131', '1132']) {
      for (const category of PERFORMANCE_CATEGORIES) expect(categories[`${term}|${category.name}`], `${term} ${category.name}`).toBeGreaterThan(0)
    }
    expect(PERFORMANCE_CATEGORIES.map((c) => c.name)).toEqual(expect.arrayContaining(['職場學習紀錄', '作品成果紀錄', '大學及技專校院先修課程紀錄']))
  })

  it('lists every import as a batch with file, hash, kind, terms, counts, operator and the unconfirmed trend', async () => {
    const batches = await t.call('import.batches', {})
    expect(batches.map((b) => b.fileName).reverse()).toEqual(Object.values(summaries).map((s) => s!.fileName))
    expect(batches.every((b) => b.operator === '陳怡君' && b.importedAt === '2025-10-17 09:00:00')).toBe(true)
    const stored = await rows<{ file_hash: string; round_id: number | null }>('SELECT file_hash, round_id FROM import_batches')
    expect(stored.every((b) => /^[0-9a-f]{64}$/.test(b.file_hash) && b.round_id !== null)).toBe(true)
    const performance = batches.find((b) => b.fileName === '多元表現_1132.xlsx')!
    expect(performance).toMatchObject({ fileKind: 'performance', term: '1132', added: school.performanceRecords.filter((r) => r.term === '1132').length })
    expect(performance.sheets).toContain('競賽參與紀錄')
    const unconfirmed = new Set(school.confirmations.filter((c) => c.state === 'unconfirmed').map((c) => c.studentNo)).size
    expect(batches.find((b) => b.fileName === '錯誤回報清單.csv')?.unconfirmedStudents).toBe(unconfirmed)
  })

  it('counts what it holds as the CLI reports it', async () => {
    const stats = await t.call('import.stats', {})
    expect(stats.students).toBe(school.students.length)
    expect(stats.records).toEqual({
      course: school.courseRecords.length - 2,
      outcome: school.outcomeRecords.length,
      performance: school.performanceRecords.length,
      cadre: school.cadreRecords.length,
    })
    const items = [...reportItems(school).values()]
    expect(stats.reportItems.total).toBe(items.length)
    expect(stats.reportItems.byType.missing).toBe(items.filter((i) => i.errorType === 'missing').length)
    expect(stats.confirmations.cadre.reported).toBe(school.confirmations.filter((c) => c.kind === 'cadre' && c.state === 'reported').length)
    const byClass: Record<string, Set<string>> = {}
    for (const c of school.confirmations.filter((x) => x.state === 'unconfirmed')) {
      const student = school.students.find((s) => s.studentNo === c.studentNo)!
      ;(byClass[student.className] ??= new Set()).add(student.studentNo)
    }
    expect(stats.unconfirmedStudentsByClass).toEqual(Object.fromEntries(Object.entries(byClass).map(([k, v]) => [k, v.size])))
  })
})

describe('the two shapes of the confirmation results', () => {
  it('import into the same items in either order', async () => {
    const other = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
    try {
      await other.call('settings.update', { operatorName: '陳怡君' })
      await importPath(other, files.roster)
      const long = await importPath(other, files.problemList)
      expect(long.added).toBe(reportItems(school).size)
      // The wide files add the confirmations the list does not have (unconfirmed, correct), and no item.
      const wide = await importPath(other, files.confirmationsWide)
      const wideCsv = await importPath(other, files.confirmationsWideCsv)
      for (const summary of [wide, wideCsv]) expect(summary.reportItems).toMatchObject({ added: 0, updated: 0, vanished: 0 })
      expect(wide.updated + wideCsv.updated).toBe(0)

      // The problem list's 答覆 lands too, whether the list created the item or the wide files did.
      const query = `SELECT s.student_no, r.kind, r.term, r.error_type, r.reason, r.reported_at, r.ticket_no, r.reply, r.section, c.state, c.confirmed_at
        FROM report_items r JOIN students s ON s.id = r.student_id JOIN confirmations c ON c.id = r.confirmation_id ORDER BY 1, 2, 3, 4`
      expect(await rowsOf(other, query)).toEqual(await rowsOf(t, query))
      expect(await value(t, 'SELECT count(*) AS n FROM report_items WHERE reply IS NOT NULL')).toBeGreaterThan(5)
      // A reply the school wrote is its own: the list's 答覆 never replaces it.
      const replied = (await row<{ id: number; reply: string }>(other, 'SELECT id, reply FROM report_items WHERE reply IS NOT NULL LIMIT 1'))!
      await execute(other, [`UPDATE report_items SET reply = '本組已更正，請再確認' WHERE id = ?`, replied.id])
      await importPath(other, files.problemList)
      expect(await row(other, 'SELECT reply FROM report_items WHERE id = ?', replied.id)).toEqual({ reply: '本組已更正，請再確認' })
    } finally {
      await other.cleanup()
    }
  })
})
