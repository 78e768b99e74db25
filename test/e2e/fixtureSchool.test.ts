import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONFIRMATION_STATE_LABELS, ITEM_STATUS_LABELS, KIND_LABELS, SECTIONS } from '../../src/shared/domain'
import { join } from 'node:path'
import { evolveSchool, writeSchoolFiles, type FixtureStudent, type School } from '../fixtures/school'
import { importFiles, writeSchool } from '../helpers/schoolImport'
import { schoolModel, type SchoolModel } from '../helpers/schoolModel'
import { fixedClock, tempDir } from '../helpers/tempCore'
import { launchApp, type AppUnderTest } from './app'
import { countOf, textOf } from './expect'

// The fixture school (test/fixtures/school), imported through the core calls the 匯入 page
// uses, then 總覽 and 學生查詢 in the browser, checked against the school's model.

let app: AppUnderTest
let clock: ReturnType<typeof fixedClock>
let school: School
let m: SchoolModel

beforeAll(async () => {
  const written = await writeSchool()
  school = written.school
  m = schoolModel(school)
  clock = fixedClock('2025-10-16 08:00')
  app = await launchApp({ clock })
  await app.call('settings.update', { operatorName: '陳怡君', section: 'activities' })
  await importFiles(app, written.files)
}, 180_000)
afterAll(() => app.close())

/** '305 班 42%': the class with the lowest confirmation rate (ties by class name), as the chart labels it. */
function firstToChase(model: SchoolModel): string {
  const [first] = model.classes
    .map((c) => ({ c, open: c.students.filter((s) => model.unconfirmedPairs(s.studentNo).size > 0).length }))
    .sort((a, b) => b.open / b.c.students.length - a.open / a.c.students.length || a.c.className.localeCompare(b.c.className))
  return `${first.c.className} 班 ${Math.floor(((first.c.students.length - first.open) / first.c.students.length) * 100)}%`
}

describe('the fixture school in the app', () => {
  it('總覽 shows the unconfirmed students, each section’s items and the classes to chase as the model has them', async () => {
    await app.open('dashboard')
    await textOf(app.page.getByTestId('phase-name')).toBe('學生確認與錯誤回報')
    await textOf(app.page.getByTestId('kpi-unconfirmed')).toBe(`${m.unconfirmedStudents().length} / ${school.students.length} 人`)
    for (const section of SECTIONS) {
      const card = app.page.locator(`[data-section="${section}"]`)
      const items = m.items.filter((i) => i.section === section).length
      await textOf(card).toContain(`共 ${items} 項・待處理 ${items}`)
      await textOf(card.locator('[data-status="new"]')).toBe(`${ITEM_STATUS_LABELS.new} ${items}`)
    }
    // The class with the lowest rate heads the chart.
    await expect.poll(() => app.page.getByRole('img', { name: /各班確認完成率/ }).getAttribute('aria-label')).toContain(`由低至高：${firstToChase(m)}`)
    await textOf(app.page.getByRole('region', { name: '各班確認完成率' })).toContain('30 班尚有未確認')
    const trend = app.page.getByRole('img', { name: /未確認學生人數/ })
    // The morning's three confirmation files are one day: one point, not a rise from the first file's partial count.
    expect(await trend.getAttribute('aria-label')).toBe(`未確認學生人數，1 次匯入，最近一次 ${m.unconfirmedStudents().length} 人`)
    await countOf(app.page.locator('.chart canvas')).toBe(3)
    await app.page.waitForTimeout(300)
    await app.screenshot('fixture-dashboard')
  })

  it('學生查詢 finds a transfer student from two keystrokes and shows their grid and items', async () => {
    // A transfer student (number with a leading zero) with something reported and something unconfirmed.
    const student: FixtureStudent = school.students.find((s) => {
      const states = school.confirmations.filter((c) => c.studentNo === s.studentNo).map((c) => c.state)
      return s.studentNo.startsWith('0') && states.includes('reported') && states.includes('unconfirmed')
    })!
    const prefix = student.studentNo.slice(0, 2)
    const listed = school.students.filter((s) => s.studentNo.startsWith(prefix)).map((s) => s.studentNo).sort()
    expect(listed.indexOf(student.studentNo)).toBeGreaterThanOrEqual(0)
    expect(listed.length).toBeLessThanOrEqual(30)

    await app.open('students')
    await app.page.keyboard.type(prefix)
    const options = app.page.getByRole('option')
    await countOf(options).toBe(listed.length)
    await textOf(options.first()).toContain(listed[0])
    for (let i = 0; i < listed.indexOf(student.studentNo); i++) await app.page.keyboard.press('ArrowDown')
    await textOf(app.page.locator('[role="option"][aria-selected="true"]')).toContain(student.name)
    await app.page.keyboard.press('Enter')

    const card = app.page.locator('.student-card')
    await textOf(card).toContain(`${student.className} 班 ${student.seat} 號`)
    await textOf(card).toContain(student.studentNo)
    await textOf(card).toContain(student.homeroomTeacher)
    await textOf(app.page.getByTestId('national-id')).toContain(`${student.nationalId.slice(0, 3)}****${student.nationalId.slice(-3)}`)

    const grid = app.page.getByRole('table', { name: '收訖確認狀態' })
    const terms = [...new Set(school.terms.map((p) => p.term))].sort()
    for (const c of school.confirmations.filter((x) => x.studentNo === student.studentNo)) {
      const row = grid.getByRole('row').filter({ has: app.page.getByRole('rowheader', { name: KIND_LABELS[c.kind] }) })
      await textOf(row.getByRole('cell').nth(terms.indexOf(c.term))).toContain(CONFIRMATION_STATE_LABELS[c.state])
    }
    const items = app.page.getByRole('table', { name: '錯誤回報' })
    const own = m.items.filter((i) => i.studentNo === student.studentNo)
    await countOf(items.locator('tbody tr')).toBe(own.length)
    for (const item of own) {
      const row = items.locator('tbody tr').filter({ hasText: item.reason.split('\n')[0] })
      await textOf(row).toContain(`${KIND_LABELS[item.kind]} ${item.term}`)
      await textOf(row).toContain(ITEM_STATUS_LABELS.new)
    }
    await app.page.waitForTimeout(200)
    await app.screenshot('fixture-students')
  })

  it('學生查詢 shows a student’s items with their history and, per kind and term, the records they submitted', async () => {
    // A student who says a course of 1132 should not be there, naming it in full: the matcher must mark that row.
    const nationalIdOf = new Map(school.students.map((s) => [s.studentNo, s.nationalId]))
    const coursesOf = (studentNo: string, term: string) =>
      school.courseRecords.filter((r) => r.nationalId === nationalIdOf.get(studentNo) && r.term === term)
    // Their only course report of that term: the records table marks the rows every report of the term names.
    const onlyOne = (i: (typeof m.items)[number]) =>
      m.items.filter((j) => j.studentNo === i.studentNo && j.kind === 'course' && j.term === i.term).length === 1
    const complaint = m.items.find((i) => i.kind === 'course' && i.errorType === 'extra' && onlyOne(i) &&
      coursesOf(i.studentNo, i.term).some((r) => i.reason.includes(`沒有修${r.subjectName}`)))!
    const student = school.students.find((s) => s.studentNo === complaint.studentNo)!
    // The longest name the reason holds: 「沒有修物理探究與實作」 names 物理探究與實作, not 物理.
    const named = coursesOf(student.studentNo, complaint.term).filter((r) => complaint.reason.includes(`沒有修${r.subjectName}`))
      .sort((a, b) => b.subjectName.length - a.subjectName.length)[0]
    const [hit] = await app.call('students.search', { query: student.studentNo, limit: 1 })
    const itemId = (await app.call('students.get', { id: hit.id })).items.find((i) => i.reason === complaint.reason)!.id

    // The office works on it first, through the same calls as 回報處理.
    const target = async () => ({ items: [{ id: itemId, version: (await app.call('triage.item', { id: itemId })).item.version }] })
    await app.call('triage.decide', { target: await target(), to: 'checking' })
    await app.call('triage.note', { target: await target(), body: '已請教務處確認選課紀錄' })

    await app.open(`students?id=${hit.id}`)
    const items = app.page.getByRole('table', { name: '錯誤回報' })
    const row = items.locator('tbody tr[data-item]').filter({ hasText: complaint.reason })
    await textOf(row).toContain(ITEM_STATUS_LABELS.checking)
    await textOf(row).toContain('1 次變更・1 則備註')

    // Keyboard only: Tab to the item's toggle, Enter opens its history.
    const toggle = row.getByRole('button', { name: `修課紀錄 ${complaint.term}` })
    await toggle.focus()
    await app.page.keyboard.press('Enter')
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    const activity = app.page.getByRole('region', { name: `修課紀錄 ${complaint.term} 的處理紀錄` })
    await textOf(activity.getByRole('list', { name: '變更紀錄' })).toContain(`狀態：${ITEM_STATUS_LABELS.new} → ${ITEM_STATUS_LABELS.checking}`)
    await textOf(activity).toContain('陳怡君')
    await textOf(activity).toContain('已請教務處確認選課紀錄')

    // The records open on the kind complained about, one table per term of the round.
    const records = app.page.getByRole('region', { name: '已提交資料' })
    const tabs = records.getByRole('tab')
    await countOf(tabs).toBe(4)
    await textOf(records.getByRole('tab', { selected: true })).toContain(KIND_LABELS.course)
    const courses = coursesOf(student.studentNo, complaint.term)
    const courseTable = records.getByRole('group', { name: `${complaint.term} ${KIND_LABELS.course}` })
    await textOf(courseTable).toContain(`${complaint.term} 已提交的${KIND_LABELS.course}（${courses.length} 筆）`)
    await countOf(courseTable.locator('tbody tr')).toBe(courses.length)
    const matched = courseTable.locator('tbody tr[data-matched="true"]')
    await countOf(matched).toBe(1)
    await textOf(matched).toContain(named.subjectName)

    // From the item down to its records: the term's table comes into view with the focus.
    await activity.getByRole('button', { name: /查看已提交的修課紀錄/ }).press('Enter')
    await expect.poll(() => courseTable.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true)
    await app.page.waitForTimeout(200)
    await app.screenshot('fixture-student-records')

    // ←/→ walk the kinds; performance has both terms of the round, each with the student's rows.
    await records.getByRole('tab', { selected: true }).focus()
    const kindsShown = await tabs.evaluateAll((els) => els.map((el) => el.id.replace('records-tab-', '')))
    for (let i = kindsShown.indexOf('course'); i !== kindsShown.indexOf('performance'); i = (i + 1) % kindsShown.length) {
      await app.page.keyboard.press('ArrowRight')
    }
    await textOf(records.getByRole('tab', { selected: true })).toContain(KIND_LABELS.performance)
    for (const term of school.terms.filter((t) => t.kind === 'performance').map((t) => t.term)) {
      const own = school.performanceRecords.filter((r) => r.nationalId === student.nationalId && r.term === term)
      const table = records.getByRole('group', { name: `${term} ${KIND_LABELS.performance}` })
      await textOf(table).toContain(`（${own.length} 筆）`)
      await countOf(table.locator('tbody tr')).toBe(own.length)
    }
    await records.scrollIntoViewIfNeeded()
    await app.page.waitForTimeout(200)
    await app.screenshot('fixture-student-performance')
  })

  it("shows the next day's exports as a second point of the trend, and the classes ranked again", async () => {
    const { school: next, diff } = evolveSchool(school)
    const tomorrow = schoolModel(next)
    clock.set('2025-10-17 08:30')
    await importFiles(app, await writeSchoolFiles(next, join(tempDir('school-next-'), 'files')), ['confirmationsWide', 'confirmationsWideCsv', 'problemList'])
    expect(diff.newlyConfirmed.length).toBeGreaterThan(0)
    // Imported behind the page's back (core calls, not the 匯入 page): load the page afresh.
    await app.open('dashboard')
    await app.page.reload()
    await textOf(app.page.getByTestId('phase-name')).toBe('查核、修正與重新提交')
    await textOf(app.page.getByTestId('kpi-unconfirmed')).toBe(`${tomorrow.unconfirmedStudents().length} / ${school.students.length} 人`)
    const trend = app.page.getByRole('img', { name: /未確認學生人數/ })
    await expect.poll(() => trend.getAttribute('aria-label')).toBe(`未確認學生人數，2 次匯入，最近一次 ${tomorrow.unconfirmedStudents().length} 人`)
    await expect.poll(() => app.page.getByRole('img', { name: /各班確認完成率/ }).getAttribute('aria-label')).toContain(`由低至高：${firstToChase(tomorrow)}`)
    await textOf(app.page.locator('[data-section="registration"]')).toContain(`共 ${tomorrow.items.filter((i) => i.section === 'registration').length} 項`)
    await app.page.getByRole('region', { name: '未確認學生趨勢' }).scrollIntoViewIfNeeded()
    await app.page.waitForTimeout(300)
    await app.screenshot('fixture-dashboard-charts')
  })
})
