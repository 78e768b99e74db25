import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DashboardOverview } from '../../../src/shared/contract/dashboard'
import { ERROR_TYPES, KINDS, SECTIONS, type Kind } from '../../../src/shared/domain'
import { FILE_NAMES, evolveSchool, writeSchoolFiles, type EvolveDiff, type FileKey, type School, type SchoolFiles } from '../../fixtures/school'
import { importFiles, writeSchool } from '../../helpers/schoolImport'
import { schoolModel, type SchoolModel } from '../../helpers/schoolModel'
import { fixedClock, tempCore, tempDir, type TempCore } from '../../helpers/tempCore'

// 總覽 and 學生查詢 on the fixture school, imported file by file as staff would on the morning
// of 10/16 (the exports are of 10/15 07:30), then the next day's exports on 10/17. Every
// expected figure comes from the school's model (test/helpers/schoolModel.ts), not the DB.

const FIRST_MORNING = '2025-10-16 08:00'
const NEXT_MORNING = '2025-10-17 08:30'
const FIX_START = '2025-10-17 00:00:00'
const FIX_END = '2025-10-21 23:59:59'
const CONFIRMATION_FILES: FileKey[] = ['confirmationsWide', 'confirmationsWideCsv', 'problemList']

let t: TempCore
let clock: ReturnType<typeof fixedClock>
let school: School
let files: SchoolFiles
let m: SchoolModel

beforeAll(async () => {
  ;({ school, files } = await writeSchool())
  m = schoolModel(school)
  clock = fixedClock(FIRST_MORNING)
  t = await tempCore({ clock })
  await t.call('settings.update', { operatorName: '陳怡君' })
  await importFiles(t, files)
}, 180_000)
afterAll(() => t.cleanup())

/**
 * The later of the report and the fix window's start, + 3 days (Taipei wall clock), or the end
 * of the fix window if earlier: the default rule, worked out by hand.
 */
function deadlineOf(reportedAt: string): string {
  const d = new Date(`${(reportedAt > FIX_START ? reportedAt : FIX_START).replace(' ', 'T')}Z`)
  d.setUTCDate(d.getUTCDate() + 3)
  const due = d.toISOString().slice(0, 19).replace('T', ' ')
  return due < FIX_END ? due : FIX_END
}
const stateAt = (deadline: string, now: string) =>
  deadline < now ? 'overdue' : deadline.slice(0, 10) === now.slice(0, 10) ? 'dueToday' : 'calm'

const classRates = (model: SchoolModel) =>
  model.classes
    .map((c) => {
      const unconfirmed = c.students.filter((s) => model.unconfirmedPairs(s.studentNo).size > 0).length
      return { className: c.className, students: c.students.length, unconfirmed, rate: (c.students.length - unconfirmed) / c.students.length }
    })
    .sort((a, b) => a.rate - b.rate || a.className.localeCompare(b.className))

describe('總覽 on the fixture school', () => {
  it('counts the roster, the unconfirmed students and the live items as the model has them', async () => {
    const overview = await t.call('dashboard.overview', {})
    expect(overview.phase.phase).toBe('confirm')
    expect(overview.totals).toEqual({
      rosterStudents: school.students.length,
      students: school.students.length,
      unconfirmedStudents: m.unconfirmedStudents().length,
      reportedStudents: new Set(school.confirmations.filter((c) => c.state === 'reported').map((c) => c.studentNo)).size,
      items: m.items.length,
    })
  })

  it("shows each section's items all 'new' after a fresh import, none overdue or due today before the fix window opens", async () => {
    const now = `${FIRST_MORNING}:00`
    const overview = await t.call('dashboard.overview', {})
    expect(overview.sections.map((s) => s.section)).toEqual([...SECTIONS])
    for (const progress of overview.sections) {
      const items = m.items.filter((i) => i.section === progress.section)
      expect(items.length).toBeGreaterThan(0)
      expect(progress.total).toBe(items.length)
      expect(progress.counts).toEqual({ new: items.length, checking: 0, corrected: 0, resubmitted: 0, closed: 0, disputed: 0, noChange: 0 })
      expect(progress.overdue).toBe(items.filter((i) => stateAt(deadlineOf(i.reportedAt), now) === 'overdue').length)
      expect(progress.dueToday).toBe(items.filter((i) => stateAt(deadlineOf(i.reportedAt), now) === 'dueToday').length)
      expect(progress.vanished).toBe(0)
    }
    expect(m.items.every((i) => deadlineOf(i.reportedAt) === '2025-10-20 00:00:00')).toBe(true)
    expect(overview.sections.reduce((n, s) => n + s.overdue + s.dueToday, 0)).toBe(0)
    expect(overview.today.overdue.total).toBe(overview.sections.reduce((n, s) => n + s.overdue, 0))
  })

  it('counts items by kind × error type', async () => {
    const overview = await t.call('dashboard.overview', {})
    const expected = KINDS.flatMap((kind) => ERROR_TYPES.map((errorType) => ({
      kind, errorType, count: m.items.filter((i) => i.kind === kind && i.errorType === errorType).length,
    }))).filter((c) => c.count > 0)
    const key = (c: { kind: Kind; errorType: string }) => `${c.kind}|${c.errorType}`
    expect([...overview.byKindErrorType].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))))
  })

  it('rates each class, the classes to chase (lowest rate) first', async () => {
    const overview = await t.call('dashboard.overview', {})
    const expected = classRates(m)
    expect(overview.classes.map((c) => c.className)).toEqual(expected.map((c) => c.className))
    for (const [i, c] of overview.classes.entries()) {
      expect(c).toMatchObject({ students: expected[i].students, unconfirmed: expected[i].unconfirmed })
      expect(c.rate).toBeCloseTo(expected[i].rate, 10)
    }
    expect(expected[0].rate).toBeLessThan(expected.at(-1)!.rate)
  })

  it('records the unconfirmed students after each confirmation import, and draws the morning files as one trend point', async () => {
    // The workbook holds course and cadre only; the CSV adds outcome and performance; the problem list changes no state.
    const batches = (await t.call('import.batches', {})).filter((b) => b.unconfirmedStudents !== null).reverse()
    expect(batches.map((b) => [b.fileName, b.unconfirmedStudents])).toEqual([
      [FILE_NAMES.confirmationsWide, m.unconfirmedStudents(['course', 'cadre']).length],
      [FILE_NAMES.confirmationsWideCsv, m.unconfirmedStudents().length],
      [FILE_NAMES.problemList, m.unconfirmedStudents().length],
    ])
    // A point per file would draw a rise from the first file's partial count: the morning's last file is the point.
    const overview = await t.call('dashboard.overview', {})
    expect(overview.trend.map((p) => [p.importedAt, p.fileName, p.unconfirmedStudents])).toEqual([
      [`${FIRST_MORNING}:00`, FILE_NAMES.problemList, m.unconfirmedStudents().length],
    ])
  })
})

describe('學生查詢 on the fixture school', () => {
  /** A transfer student (number with a leading zero) with a reported and an unconfirmed (kind, term). */
  const pick = () =>
    school.students.find((s) => {
      const states = school.confirmations.filter((c) => c.studentNo === s.studentNo).map((c) => c.state)
      return s.studentNo.startsWith('0') && states.includes('reported') && states.includes('unconfirmed')
    })!

  it('finds a student by number with its leading zero, by class + seat, by name, and by full national ID', async () => {
    const s = pick()
    expect(s).toBeDefined()
    const hit = { studentNo: s.studentNo, name: s.name, className: s.className, seat: s.seat }
    expect((await t.call('students.search', { query: s.studentNo }))[0]).toMatchObject({ ...hit, matchedBy: 'studentNo' })
    expect((await t.call('students.search', { query: `${s.className} ${Number(s.seat)}` }))[0]).toMatchObject({ ...hit, matchedBy: 'classSeat' })
    expect((await t.call('students.search', { query: `${s.className}${s.seat}` }))[0]).toMatchObject({ ...hit, matchedBy: 'classSeat' })
    const byName = await t.call('students.search', { query: s.name, limit: 50 })
    expect(byName.map((h) => h.studentNo)).toContain(s.studentNo)
    expect(byName.map((h) => h.studentNo).sort()).toEqual(school.students.filter((x) => x.name.includes(s.name)).map((x) => x.studentNo).sort())
    expect(await t.call('students.search', { query: s.nationalId.toLowerCase() })).toEqual([expect.objectContaining({ ...hit, matchedBy: 'nationalId' })])
    // The first two keystrokes of a transfer number list the transfers of that entry year, in number order.
    const two = await t.call('students.search', { query: s.studentNo.slice(0, 2), limit: 50 })
    const sameStart = school.students.filter((x) => x.studentNo.startsWith(s.studentNo.slice(0, 2))).map((x) => x.studentNo).sort()
    expect(two.map((h) => h.studentNo)).toEqual(sameStart.slice(0, 50))
  })

  it("shows the model's confirmation state per kind × term and the student's report items with deadlines", async () => {
    const s = pick()
    const [hit] = await t.call('students.search', { query: s.studentNo })
    const detail = await t.call('students.get', { id: hit.id })
    expect(detail.student).toMatchObject({ studentNo: s.studentNo, name: s.name, className: s.className, seat: s.seat, homeroomTeacher: s.homeroomTeacher })
    expect(detail.student.nationalIdMasked).toBe(`${s.nationalId.slice(0, 3)}****${s.nationalId.slice(-3)}`)
    const own = school.confirmations.filter((c) => c.studentNo === s.studentNo)
    expect(detail.confirmations.map((c) => [c.kind, c.term, c.state]).sort()).toEqual(own.map((c) => [c.kind, c.term, c.state]).sort())
    for (const c of detail.confirmations) expect(c.confirmedAt === null).toBe(c.state === 'unconfirmed')

    const now = `${FIRST_MORNING}:00`
    const expected = m.items.filter((i) => i.studentNo === s.studentNo)
    expect(expected.length).toBeGreaterThan(0)
    expect(detail.items.map((i) => [i.kind, i.term, i.errorType, i.reason, i.reportedAt, i.section, i.status, i.inRound, i.deadline, i.deadlineState]).sort()).toEqual(
      expected.map((i) => [i.kind, i.term, i.errorType, i.reason, i.reportedAt, i.section, 'new', true, deadlineOf(i.reportedAt), stateAt(deadlineOf(i.reportedAt), now)]).sort(),
    )
  })
})

describe("the next day's exports", () => {
  let tomorrow: SchoolModel
  let diff: EvolveDiff
  let before: DashboardOverview

  beforeAll(async () => {
    before = await t.call('dashboard.overview', {})
    const evolved = evolveSchool(school)
    diff = evolved.diff
    tomorrow = schoolModel(evolved.school)
    const next = await writeSchoolFiles(evolved.school, join(tempDir('school-next-'), 'files'))
    clock.set(NEXT_MORNING)
    await importFiles(t, next, CONFIRMATION_FILES)
  }, 180_000)

  it('add one trend point, lower by exactly the students whose every open pair was confirmed or reported', async () => {
    const overview = await t.call('dashboard.overview', {})
    const closed = new Set([...diff.newlyConfirmed, ...diff.newlyReported])
    expect(diff.newlyConfirmed.length).toBeGreaterThan(0)
    // Worked out from today's model and the diff alone: who has nothing left open.
    const done = m.unconfirmedStudents().filter((s) => [...m.unconfirmedPairs(s.studentNo)].every((p) => closed.has(`${s.studentNo}|${p}`)))
    expect(done.length).toBeGreaterThan(0)
    const last = m.unconfirmedStudents().length - done.length
    expect(last).toBe(tomorrow.unconfirmedStudents().length)

    // One more point, for the next morning's imports; each file's own count stays on its batch.
    expect(overview.trend.slice(0, -1)).toEqual(before.trend)
    expect(overview.trend.at(-1)).toMatchObject({ importedAt: `${NEXT_MORNING}:00`, fileName: FILE_NAMES.problemList, unconfirmedStudents: last })
    // After the workbook: tomorrow's course and cadre, today's outcome and performance.
    const mixed = school.students.filter((s) =>
      tomorrow.unconfirmedPairs(s.studentNo, ['course', 'cadre']).size + m.unconfirmedPairs(s.studentNo, ['outcome', 'performance']).size > 0)
    const batches = (await t.call('import.batches', {})).filter((b) => b.importedAt === `${NEXT_MORNING}:00`).reverse()
    expect(batches.map((b) => b.unconfirmedStudents)).toEqual([mixed.length, last, last])
    expect(overview.totals.unconfirmedStudents).toBe(last)
  })

  it("count tomorrow's items, leaving out the withdrawn ones, and rank the classes again", async () => {
    const overview = await t.call('dashboard.overview', {})
    expect(diff.removedReports.length).toBeGreaterThan(0)
    expect(overview.totals.items).toBe(tomorrow.items.length)
    for (const progress of overview.sections) {
      expect(progress.total).toBe(tomorrow.items.filter((i) => i.section === progress.section).length)
      expect(progress.vanished).toBe(diff.removedReports.filter((k) => progress.section === m.items.find((i) => `${i.studentNo}|${i.kind}|${i.term}|${i.errorType}` === k)!.section).length)
    }
    expect(overview.classes.map((c) => [c.className, c.unconfirmed])).toEqual(classRates(tomorrow).map((c) => [c.className, c.unconfirmed]))
  })
})
