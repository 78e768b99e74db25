import { afterEach, describe, expect, it } from 'vitest'
import { makeConfirmation, makeReportItem, makeStudent } from '../helpers/factories'
import { seedDashboardSchool } from '../helpers/seedDashboard'
import { fixedClock } from '../helpers/tempCore'
import { launchApp, type AppUnderTest } from './app'
import { countOf, textOf, visible } from './expect'

// The seeded school of test/helpers/seedDashboard.ts (no importer on main yet), plus one
// student whose every state is known.

let app: AppUnderTest
afterEach(() => app.close())

async function openSchool() {
  app = await launchApp({ clock: fixedClock('2025-10-18 09:30') })
  const db = app.core.ctx.db
  const round = (await app.call('rounds.current', {})).round
  await seedDashboardSchool(db, { roundId: round.id, classesPerGrade: 6, studentsPerClass: 30 })
  const student = await makeStudent(db, { student_no: '012345', national_id: 'A123456789', name: '林小華', class_name: '207', seat: '05', homeroom_teacher: '王老師' })
  const course = await makeConfirmation(db, { student_id: student.id, kind: 'course', term: '1132', state: 'reported', confirmed_at: '2025-10-14 10:00:00' })
  await makeConfirmation(db, { student_id: student.id, kind: 'cadre', term: '1132', state: 'correct', confirmed_at: '2025-10-09 12:00:00' })
  await makeConfirmation(db, { student_id: student.id, kind: 'outcome', term: '1131', state: 'unconfirmed', confirmed_at: null })
  await makeReportItem(db, { student_id: student.id, confirmation_id: course.id, error_type: 'missing', reason: '少了數學', status: 'new', reported_at: '2025-10-14 10:00:00' })
  await makeReportItem(db, { student_id: student.id, confirmation_id: course.id, error_type: 'extra', reason: '多了國文', status: 'noChange', resolution: 'studentSelection', reply: '此為原勾選資料，無法於收訖確認修正。', reported_at: '2025-10-14 10:00:00', updated_by: '陳怡君' })
  return student
}

describe('學生查詢', () => {
  it('finds a student in two keystrokes and walks the list with the keyboard', async () => {
    await openSchool()
    await app.open('students')
    const box = app.page.getByRole('combobox', { name: '查詢學生' })
    await countOf(app.page.locator('#student-query:focus')).toBe(1) // typing can start at once
    await app.page.keyboard.type('01')
    await textOf(app.page.getByRole('listbox', { name: '查詢結果' })).toContain('林小華')

    await box.fill('206')
    const options = app.page.getByRole('option')
    await textOf(options.first()).toContain('206 01')
    await countOf(options).toBe(30)
    await box.press('ArrowDown')
    await box.press('ArrowDown')
    await textOf(app.page.locator('[role="option"][aria-selected="true"]')).toContain('206 03')
    await box.press('Enter')
    await textOf(app.page.locator('.student-card')).toContain('206 班 03 號')
    await app.screenshot('students-search')
    expect(app.page.url()).toMatch(/#\/students\?id=\d+$/)

    // Class and seat run together, typed full-width with a Chinese IME.
    await box.fill('２０７０５')
    await textOf(options.first()).toContain('林小華')
    await textOf(options.first()).toContain('班級座號')
    await box.press('Enter')
    await textOf(app.page.locator('.student-card')).toContain('林小華')
  })

  it('shows the confirmation grid, the items with deadlines, and the national ID only on request', async () => {
    const student = await openSchool()
    await app.open(`students?id=${student.id}`)
    await textOf(app.page.locator('.student-card')).toContain('207 班 05 號')
    await textOf(app.page.locator('.student-card')).toContain('王老師')
    const nationalId = app.page.getByTestId('national-id')
    await textOf(nationalId).toContain('A12****789')

    const grid = app.page.getByRole('table', { name: '收訖確認狀態' })
    const row = (kind: string) => grid.getByRole('row').filter({ has: app.page.getByRole('rowheader', { name: kind }) })
    await textOf(row('修課紀錄')).toContain('資料錯誤回報')
    await textOf(row('修課紀錄')).toContain('114/10/14 10:00')
    await textOf(row('幹部經歷')).toContain('資料正確無誤')
    await textOf(row('課程學習成果')).toContain('未確認')
    await textOf(row('多元表現')).toContain('尚未匯入')
    await countOf(grid.locator('[data-state="reported"] .state-chip')).toBe(1)

    const items = app.page.getByRole('table', { name: '錯誤回報' })
    await textOf(items).toContain('少了數學')
    // Reported 10/14, before the fix window (10/17): due 3 days after it opens.
    await textOf(items.getByRole('row').filter({ hasText: '少了數學' })).toContain('期限內 10/20 00:00')
    await textOf(items.getByRole('row').filter({ hasText: '多了國文' })).toContain('學生原勾選資料')
    await textOf(items.getByRole('row').filter({ hasText: '多了國文' })).toContain('此為原勾選資料，無法於收訖確認修正。')
    await app.screenshot('students')

    // Showing the full ID is on the student's record: who, when.
    expect(await app.page.getByRole('list', { name: '查閱紀錄' }).count()).toBe(0)
    await app.call('settings.update', { operatorName: '王小明' })
    await app.page.getByRole('button', { name: '顯示' }).click()
    await textOf(nationalId).toContain('A123456789')
    await textOf(app.page.getByRole('list', { name: '查閱紀錄' })).toBe('114/10/18 09:30 王小明 顯示完整身分證號')
    await app.screenshot('students-id-revealed')
    await app.page.getByRole('button', { name: '隱藏' }).click()
    await textOf(nationalId).toContain('A12****789')
  })

  it('shows Gregorian dates on every page once 設定 says 西元', async () => {
    const student = await openSchool()
    await app.call('settings.update', { operatorName: '陳怡君' })
    await app.open('settings')
    await app.page.getByLabel('日期格式').selectOption({ label: '西元（2025/10/22）' })
    await app.page.getByRole('button', { name: '儲存設定' }).click()
    await visible(app.page.getByText('已儲存。'))

    // Through the menu, as a user would: no reload needed for the page to follow the setting.
    await app.page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '總覽', exact: true }).click()
    await textOf(app.page.locator('.phase-end')).toMatch(/（2025\/10\/\d\d \d\d:\d\d）/)
    await app.open(`students?id=${student.id}`)
    const grid = app.page.getByRole('table', { name: '收訖確認狀態' })
    const course = grid.getByRole('row').filter({ has: app.page.getByRole('rowheader', { name: '修課紀錄' }) })
    await textOf(course).toContain('2025/10/14 10:00')
    expect(await course.textContent()).not.toContain('114/')
    // The deadline badge has no year in either calendar.
    await textOf(app.page.getByRole('table', { name: '錯誤回報' })).toContain('期限內 10/20 00:00')
    await app.screenshot('students-gregorian')
  })

  it('says where to go when there are no students yet', async () => {
    app = await launchApp()
    await app.open('students')
    await visible(app.page.getByText('還沒有學生資料'))
  })
})
