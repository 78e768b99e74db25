import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { countUnconfirmedStudents } from '../../../src/core/dashboard/confirmation'
import type { DeadlineRule } from '../../../src/shared/deadlines'
import type { Kind } from '../../../src/shared/domain'
import { makeBatch, makeConfirmation, makeReportItem, makeStudent } from '../../helpers/factories'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'

let t: TempCore
let clock: ReturnType<typeof fixedClock>
beforeEach(async () => (t = await tempCore({ clock: (clock = fixedClock('2025-10-18 09:00')) })))
afterEach(() => t.cleanup())

/**
 * Two classes of the 114 round (course & cadre 1132, outcome & performance 1131/1132):
 * 201 has 3 students of whom 2 still have something 未確認; 202 has 2, all confirmed.
 */
async function seedSmallSchool() {
  const db = t.core.ctx.db
  const [s1, s2, s3] = [await makeStudent(db, { class_name: '201', seat: '01' }), await makeStudent(db, { class_name: '201', seat: '02' }), await makeStudent(db, { class_name: '201', seat: '03' })]
  const [s4, s5] = [await makeStudent(db, { class_name: '202', seat: '01' }), await makeStudent(db, { class_name: '202', seat: '02' })]
  const confirm = (student_id: number, kind: Kind, term: string, state: 'unconfirmed' | 'correct' | 'reported') =>
    makeConfirmation(db, { student_id, kind, term, state }).then((c) => c.id)
  await confirm(s1.id, 'course', '1132', 'correct')
  await confirm(s1.id, 'cadre', '1132', 'correct')
  await confirm(s2.id, 'course', '1132', 'unconfirmed')
  const s3course = await confirm(s3.id, 'course', '1132', 'reported')
  await confirm(s3.id, 'cadre', '1132', 'unconfirmed')
  const s3perf = await confirm(s3.id, 'performance', '1131', 'reported')
  await confirm(s4.id, 'course', '1132', 'correct')
  await confirm(s4.id, 'course', '1122', 'unconfirmed') // an earlier round's term: not counted
  const s5course = await confirm(s5.id, 'course', '1132', 'reported')
  const s5cadre = await confirm(s5.id, 'cadre', '1132', 'reported')
  const s5outcome = await confirm(s5.id, 'outcome', '1132', 'reported')
  const s1old = await confirm(s1.id, 'course', '1122', 'reported')

  const item = (values: Parameters<typeof makeReportItem>[1]) => makeReportItem(db, values)
  const overdue = await item({ student_id: s3.id, confirmation_id: s3course, kind: 'course', term: '1132', error_type: 'extra', status: 'new', reported_at: '2025-10-14 10:00:00' })
  const dueToday = await item({ student_id: s3.id, confirmation_id: s3course, kind: 'course', term: '1132', error_type: 'missing', status: 'checking', reported_at: '2025-10-15 12:00:00' })
  await item({ student_id: s5.id, confirmation_id: s5course, kind: 'course', term: '1132', error_type: 'wrong', status: 'new', reported_at: '2025-10-16 08:00:00' })
  await item({ student_id: s5.id, confirmation_id: s5course, kind: 'course', term: '1132', error_type: 'extra', status: 'new', reported_at: '2025-10-10 08:00:00', vanished_at: '2025-10-17 08:00:00' })
  const corrected = await item({ student_id: s5.id, confirmation_id: s5cadre, kind: 'cadre', term: '1132', error_type: 'extra', status: 'corrected', reported_at: '2025-10-12 08:00:00', updated_at: '2025-10-17 15:00:00' })
  const disputed = await item({ student_id: s3.id, confirmation_id: s3perf, kind: 'performance', term: '1131', error_type: 'missing', status: 'disputed', reported_at: '2025-10-12 08:00:00' })
  await item({ student_id: s5.id, confirmation_id: s5outcome, kind: 'outcome', term: '1132', error_type: 'wrong', status: 'closed', reported_at: '2025-10-09 08:00:00' })
  await item({ student_id: s5.id, confirmation_id: s5outcome, kind: 'outcome', term: '1132', error_type: 'missing', status: 'noChange', resolution: 'studentSelection', reported_at: '2025-10-09 08:00:00' })
  await item({ student_id: s1.id, confirmation_id: s1old, kind: 'course', term: '1122', error_type: 'extra', status: 'new', reported_at: '2024-10-09 08:00:00' })
  return { s3, s5, overdue, dueToday, corrected, disputed }
}

/** The current round with another deadline rule, as 設定 saves it. */
async function chooseRule(deadlineRule: DeadlineRule) {
  await t.call('settings.update', { operatorName: '陳怡君' })
  const { round } = await t.call('rounds.current', {})
  await t.call('rounds.save', { ...round, deadlineRule })
}

describe('dashboard.overview', () => {
  it('counts each section’s items by status, with what is overdue or due today (from the report, if the school chooses so)', async () => {
    await seedSmallSchool()
    await chooseRule('fromReport')
    const { sections, totals } = await t.call('dashboard.overview', {})
    const [registration, activities, studentAffairs] = sections
    expect(registration).toMatchObject({ section: 'registration', total: 5, overdue: 1, dueToday: 1, vanished: 1 })
    expect(registration.counts).toMatchObject({ new: 2, checking: 1, closed: 1, noChange: 1, corrected: 0 })
    expect(activities).toMatchObject({ section: 'activities', total: 1, overdue: 0, counts: { disputed: 1 } })
    expect(studentAffairs).toMatchObject({ section: 'studentAffairs', total: 1, counts: { corrected: 1 } })
    expect(totals).toEqual({ rosterStudents: 5, students: 5, unconfirmedStudents: 2, reportedStudents: 2, items: 7 })
  })

  it('counts nothing overdue before the school may act: a deadline runs from the fix window’s start (10/17)', async () => {
    await seedSmallSchool()
    // Reported 10/14, 10/15 and 10/16, before the fix window opens: each due 10/17 + 3 days.
    const onTheEighteenth = await t.call('dashboard.overview', {})
    expect(onTheEighteenth.sections.map((s) => [s.overdue, s.dueToday])).toEqual([[0, 0], [0, 0], [0, 0]])
    expect([onTheEighteenth.today.overdue.total, onTheEighteenth.today.dueToday.total]).toEqual([0, 0])

    clock.set('2025-10-20 09:00')
    const onTheTwentieth = await t.call('dashboard.overview', {})
    expect(onTheTwentieth.sections[0]).toMatchObject({ section: 'registration', overdue: 3, dueToday: 0 })
    expect(onTheTwentieth.today.overdue.items.map((i) => [i.deadline, i.deadlineState]))
      .toEqual([['2025-10-20 00:00:00', 'overdue'], ['2025-10-20 00:00:00', 'overdue'], ['2025-10-20 00:00:00', 'overdue']])
  })

  it('counts items by kind × error type within the round', async () => {
    await seedSmallSchool()
    const { byKindErrorType } = await t.call('dashboard.overview', {})
    const count = (kind: string, errorType: string) => byKindErrorType.find((c) => c.kind === kind && c.errorType === errorType)?.count ?? 0
    expect([count('course', 'extra'), count('course', 'missing'), count('course', 'wrong')]).toEqual([1, 1, 1])
    expect([count('outcome', 'wrong'), count('outcome', 'missing'), count('cadre', 'extra'), count('performance', 'missing')]).toEqual([1, 1, 1, 1])
  })

  it('lists classes by confirmation rate, lowest first', async () => {
    await seedSmallSchool()
    const { classes } = await t.call('dashboard.overview', {})
    expect(classes).toEqual([
      { className: '201', students: 3, unconfirmed: 2, rate: 1 / 3 },
      { className: '202', students: 2, unconfirmed: 0, rate: 1 },
    ])
  })

  it('lists today’s work: overdue, due today, corrected but not resubmitted, disputed', async () => {
    const seeded = await seedSmallSchool()
    await chooseRule('fromReport')
    const { today } = await t.call('dashboard.overview', {})
    expect(today.overdue.total).toBe(1)
    expect(today.overdue.items[0]).toMatchObject({
      id: seeded.overdue.id, studentId: seeded.s3.id, className: '201', seat: '03', kind: 'course', errorType: 'extra',
      deadline: '2025-10-17 10:00:00', deadlineState: 'overdue', ageHours: 95,
    })
    expect(today.dueToday.items.map((i) => [i.id, i.deadline, i.deadlineState])).toEqual([[seeded.dueToday.id, '2025-10-18 12:00:00', 'dueToday']])
    expect(today.awaitingResubmit.items.map((i) => [i.id, i.deadlineState])).toEqual([[seeded.corrected.id, null]])
    expect(today.disputed.items.map((i) => i.id)).toEqual([seeded.disputed.id])

    const activities = await t.call('dashboard.overview', { section: 'activities' })
    expect([activities.today.overdue.total, activities.today.dueToday.total, activities.today.awaitingResubmit.total, activities.today.disputed.total]).toEqual([0, 0, 0, 1])
  })

  it('shows an earlier round by id, and refuses an unknown one', async () => {
    await seedSmallSchool()
    const current = await t.call('dashboard.overview', {})
    await expect(t.call('dashboard.overview', { roundId: 999 })).rejects.toThrow('找不到梯次（編號 999）')
    expect((await t.call('dashboard.overview', { roundId: current.round.id })).round.name).toBe('114 學年度收訖明細確認')
  })

  it('is empty but well-formed before anything is imported', async () => {
    const overview = await t.call('dashboard.overview', {})
    expect(overview.totals).toEqual({ rosterStudents: 0, students: 0, unconfirmedStudents: 0, reportedStudents: 0, items: 0 })
    expect(overview.sections.map((s) => s.total)).toEqual([0, 0, 0])
    expect(overview.phase).toMatchObject({ phase: 'fix', end: '2025-10-21 23:59:59' })
    expect(overview.trend).toEqual([])
  })
})

describe('the unconfirmed-students trend', () => {
  it('follows the confirmation imports of the round, oldest first', async () => {
    const db = t.core.ctx.db
    const round = (await t.call('rounds.current', {})).round
    const students = await Promise.all([1, 2, 3, 4].map((seat) => makeStudent(db, { class_name: '301', seat: String(seat).padStart(2, '0') })))
    const confirmations = await Promise.all(students.map((s) => makeConfirmation(db, { student_id: s.id, state: 'unconfirmed' })))

    // Exports over three days, each confirming more; the importer records the count after each.
    // On 10/10 two files minutes apart are one import (its last file is the point); the same
    // day's afternoon import is a point of its own.
    const imports: [string, number][] = [
      ['2025-10-08 08:10:00', 0], ['2025-10-10 08:00:00', 1], ['2025-10-10 08:05:00', 2], ['2025-10-10 15:30:00', 2], ['2025-10-15 08:20:00', 3],
    ]
    for (const [at, confirmed] of imports) {
      for (const c of confirmations.slice(0, confirmed)) await db.updateTable('confirmations').set({ state: 'correct' }).where('id', '=', c.id).execute()
      await makeBatch(db, { round_id: round.id, imported_at: at, file_name: `收訖確認_${at.slice(5, 10)}.xlsx`, unconfirmed_students: await countUnconfirmedStudents(db, round.id) })
    }
    // Not in the trend: a roster batch (no count) and a batch of another round.
    await makeBatch(db, { round_id: round.id, file_kind: 'roster', imported_at: '2025-10-09 08:00:00' })
    await t.call('settings.update', { operatorName: '陳怡君' })
    const other = await t.call('rounds.save', await t.call('rounds.defaults', { schoolYear: 113 }))
    await makeBatch(db, { round_id: other.id, imported_at: '2025-10-09 09:00:00', unconfirmed_students: 999 })

    const { trend } = await t.call('dashboard.overview', {})
    expect(trend.map((p) => [p.importedAt, p.unconfirmedStudents])).toEqual([
      ['2025-10-08 08:10:00', 4], ['2025-10-10 08:05:00', 2], ['2025-10-10 15:30:00', 2], ['2025-10-15 08:20:00', 1],
    ])
    expect(trend[3].fileName).toBe('收訖確認_10-15.xlsx')
  })
})
