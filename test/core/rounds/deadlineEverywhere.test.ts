import { join } from 'node:path'
import type ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeWorkbook } from '../../../src/core/export/write'
import { itemDeadline } from '../../../src/core/rounds/deadline'
import type { Round } from '../../../src/core/db/schema'
import { DEADLINE_RULES } from '../../../src/shared/deadlines'
import { SECTION_LABELS, SECTIONS, type DeadlineState, type Section } from '../../../src/shared/domain'
import { seedDashboardSchool } from '../../helpers/seedDashboard'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { cellText, readBook } from '../export/helpers'
import { sqliteOf } from '../../helpers/sqliteOf'

// One deadline rule for every screen and file that shows or counts deadlines: the queue (its
// rows, its deadline facet and filter), 總覽 (per-section counts, today's lists), 學生查詢 and
// the summary workbook agree, item by item, with the rule itself (rounds/deadline.ts) — under
// every rule of 設定, before the fix window, in it, and after it.

const NOWS = [
  '2025-10-12 09:00', // students still reporting
  '2025-10-17 09:00', // the fix window's first morning
  '2025-10-20 00:00', // the confirm window's reports fall due (the default rule)
  '2025-10-20 10:00',
  '2025-10-21 12:00', // the fix window's last day
  '2025-10-22 09:00', // after it
]

let t: TempCore
const clock = fixedClock(NOWS[0])
let students: number[]

beforeAll(async () => {
  t = await tempCore({ clock })
  await t.call('settings.update', { operatorName: '陳怡君' })
  const { round } = await t.call('rounds.current', {})
  await seedDashboardSchool(t.core.ctx.db, { roundId: round.id, classesPerGrade: 2, studentsPerClass: 30, reportRate: 0.12, seed: 6 })
  // Besides the confirm window's reports: some at the counter in the fix window, some with no
  // time, some withdrawn from the latest export (no deadline to meet).
  const s = sqliteOf(t.core)
  s.exec(`UPDATE report_items SET reported_at = '2025-10-18 14:00:00', status = 'new' WHERE id % 9 = 0`)
  s.exec(`UPDATE report_items SET reported_at = '2025-10-20 16:30:00', status = 'checking' WHERE id % 13 = 0`)
  s.exec(`UPDATE report_items SET reported_at = NULL WHERE id % 29 = 0`)
  s.exec(`UPDATE report_items SET vanished_at = '2025-10-16 17:20:00' WHERE id % 17 = 0`)
  students = (s.prepare('SELECT DISTINCT student_id FROM report_items ORDER BY 1').pluck().all() as number[])
}, 60_000)
afterAll(() => t.cleanup())

type Expected = { id: number; studentId: number; section: Section; deadline: string | null; state: DeadlineState | null }

/** Each item's deadline and state at `now`, by the rule itself. */
async function expectedAt(now: string): Promise<Expected[]> {
  const round = (await t.core.ctx.db.selectFrom('rounds').selectAll().where('is_current', '=', 1).executeTakeFirstOrThrow()) as Round
  const rows = await t.core.ctx.db.selectFrom('report_items').selectAll().orderBy('id').execute()
  return rows.map((r) => {
    const due = r.vanished_at ? null : itemDeadline(r, round, now)
    return { id: r.id, studentId: r.student_id, section: r.section, deadline: due?.deadline ?? null, state: due?.state ?? null }
  })
}

const byDeadline = (a: Expected, b: Expected) => a.deadline!.localeCompare(b.deadline!) || a.id - b.id
const count = (items: Expected[], state: DeadlineState, section?: Section) =>
  items.filter((i) => i.state === state && (!section || i.section === section)).length

/** 四、逾期未查核 of the summary workbook: per section, the count and the earliest deadline. */
function overdueTable(book: ExcelJS.Workbook) {
  const sheet = book.getWorksheet('進度摘要')!
  let r = 1
  while (cellText(sheet.getRow(r).getCell(2)) !== '逾期件數') r++
  return SECTIONS.map((section) => {
    while (cellText(sheet.getRow(r).getCell(1)) !== SECTION_LABELS[section]) r++
    const row = sheet.getRow(r)
    return [Number(row.getCell(2).value), row.getCell(3).value ?? null]
  })
}
const excelDate = (ts: string | undefined) => (ts ? new Date(`${ts.replace(' ', 'T')}Z`) : null)

describe.each(DEADLINE_RULES)('the %s rule', (rule) => {
  beforeAll(async () => {
    const { round } = await t.call('rounds.current', {})
    await t.call('rounds.save', { ...round, deadlineRule: rule })
  })

  it.each(NOWS)('is the same in the queue, 總覽, 學生查詢 and the summary workbook at %s', async (at) => {
    clock.set(at)
    const now = `${at}:00`
    const want = await expectedAt(now)
    const awaiting = want.filter((i) => i.state !== null)
    expect(awaiting.length).toBeGreaterThan(50)

    // The queue: every row, the deadline facet, the filter by state, the sort by deadline.
    const page = await t.call('queue.list', { limit: 5000 })
    expect(page.rows.map((r) => [r.id, r.deadline, r.deadlineState]).sort((a, b) => Number(a[0]) - Number(b[0])))
      .toEqual(want.map((i) => [i.id, i.deadline, i.state]))
    const facets = await t.call('queue.facets', {})
    expect(Object.fromEntries(facets.facets.deadline.map((f) => [f.value, f.count])))
      .toEqual({ overdue: count(want, 'overdue'), dueToday: count(want, 'dueToday'), calm: count(want, 'calm') })
    const overdueRows = await t.call('queue.list', { filter: { deadline: ['overdue'] }, sort: { column: 'deadline', direction: 'asc' }, limit: 5000 })
    expect(overdueRows.rows.map((r) => r.id)).toEqual(awaiting.filter((i) => i.state === 'overdue').sort(byDeadline).map((i) => i.id))

    // 總覽: per section, and today's lists (most urgent first).
    const overview = await t.call('dashboard.overview', {})
    expect(overview.sections.map((s) => [s.section, s.overdue, s.dueToday]))
      .toEqual(SECTIONS.map((s) => [s, count(want, 'overdue', s), count(want, 'dueToday', s)]))
    for (const state of ['overdue', 'dueToday'] as const) {
      const list = overview.today[state]
      const sorted = awaiting.filter((i) => i.state === state).sort(byDeadline)
      expect(list.total).toBe(sorted.length)
      expect(list.items.map((i) => [i.id, i.deadline, i.deadlineState])).toEqual(sorted.slice(0, list.items.length).map((i) => [i.id, i.deadline, i.state]))
    }

    // 學生查詢: each student's items.
    for (const id of students) {
      const detail = await t.call('students.get', { id })
      expect(detail.items.map((i) => [i.id, i.deadline, i.deadlineState]).sort((a, b) => Number(a[0]) - Number(b[0])))
        .toEqual(want.filter((i) => i.studentId === id).map((i) => [i.id, i.deadline, i.state]))
    }

    // The summary workbook: overdue per section, with the earliest deadline.
    const file = join(t.dir, `summary-${rule}-${at.replace(/\D/g, '')}.xlsx`)
    await writeWorkbook(t.core.ctx, { workbook: 'summary', includeFullNationalId: false }, file)
    expect(overdueTable(await readBook(file))).toEqual(SECTIONS.map((s) => {
      const late = awaiting.filter((i) => i.state === 'overdue' && i.section === s).sort(byDeadline)
      return [late.length, excelDate(late[0]?.deadline ?? undefined)]
    }))
  })
})
