import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeConfirmation, makeReportItem, makeStudent } from '../../helpers/factories'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'

let t: TempCore
let clock: ReturnType<typeof fixedClock>
beforeEach(async () => (t = await tempCore({ clock: (clock = fixedClock('2025-10-18 09:00')) })))
afterEach(() => t.cleanup())

describe('students.get', () => {
  it('shows each (kind, term) of the round with its state, and the items with their deadlines', async () => {
    const db = t.core.ctx.db
    const student = await makeStudent(db, { student_no: '012345', national_id: 'A123456789', name: '林小華', class_name: '201', seat: '05' })
    const course = await makeConfirmation(db, { student_id: student.id, kind: 'course', term: '1132', state: 'reported', confirmed_at: '2025-10-14 10:00:00' })
    await makeConfirmation(db, { student_id: student.id, kind: 'cadre', term: '1132', state: 'correct', confirmed_at: '2025-10-09 12:00:00' })
    await makeConfirmation(db, { student_id: student.id, kind: 'outcome', term: '1131', state: 'unconfirmed', confirmed_at: null })
    const old = await makeConfirmation(db, { student_id: student.id, kind: 'course', term: '1122', state: 'reported' })
    const item = (values: Parameters<typeof makeReportItem>[1]) => makeReportItem(db, { student_id: student.id, ...values })
    await item({ confirmation_id: course.id, error_type: 'missing', reason: '少了數學', status: 'new', reported_at: '2025-10-14 10:00:00' })
    await item({ confirmation_id: course.id, error_type: 'extra', reason: '多了國文', status: 'noChange', resolution: 'studentSelection', reply: '此為原勾選資料', reported_at: '2025-10-14 10:00:00' })
    await item({ confirmation_id: old.id, term: '1122', error_type: 'wrong', status: 'closed', reported_at: '2024-10-10 10:00:00' })

    const detail = await t.call('students.get', { id: student.id })
    expect(detail.student).toMatchObject({ studentNo: '012345', name: '林小華', className: '201', seat: '05', nationalIdMasked: 'A12****789' })
    expect(JSON.stringify(detail)).not.toContain('A123456789')
    expect(detail.confirmations.map((c) => [c.kind, c.term, c.state])).toEqual([
      ['course', '1132', 'reported'], ['outcome', '1131', 'unconfirmed'], ['outcome', '1132', null],
      ['performance', '1131', null], ['performance', '1132', null], ['cadre', '1132', 'correct'],
    ])
    expect(detail.items.map((i) => [i.term, i.errorType, i.status, i.inRound, i.deadline, i.deadlineState])).toEqual([
      ['1132', 'extra', 'noChange', true, null, null],
      // Reported before the fix window: due 3 days after it opens (10/17), not before.
      ['1132', 'missing', 'new', true, '2025-10-20 00:00:00', 'calm'],
      ['1122', 'wrong', 'closed', false, null, null],
    ])
    expect(detail.items[0]).toMatchObject({ resolution: 'studentSelection', reply: '此為原勾選資料', ageHours: 95 })

    await t.call('settings.update', { operatorName: '陳怡君' })
    expect(await t.call('students.revealNationalId', { id: student.id })).toEqual({ nationalId: 'A123456789' })
  })

  it('records who revealed the full national ID on screen, and when, in the student’s history', async () => {
    const student = await makeStudent(t.core.ctx.db, { national_id: 'A123456789', name: '林小華' })
    const other = await makeStudent(t.core.ctx.db, { national_id: 'B234567890', name: '陳冠宇' })
    expect((await t.call('students.get', { id: student.id })).history).toEqual([])

    // Nobody named on this PC: nothing is shown, nothing recorded.
    await expect(t.call('students.revealNationalId', { id: student.id })).rejects.toThrow('請先到「設定」填寫您的姓名')
    await t.call('settings.update', { operatorName: '王小明' })
    clock.set('2025-10-18 09:12')
    expect(await t.call('students.revealNationalId', { id: student.id })).toEqual({ nationalId: 'A123456789' })
    await t.call('settings.update', { operatorName: '陳怡君' })
    clock.set('2025-10-20 14:03')
    await t.call('students.revealNationalId', { id: student.id })

    const detail = await t.call('students.get', { id: student.id })
    expect(detail.history).toEqual([
      { id: expect.any(Number), at: '2025-10-20 14:03:00', operator: '陳怡君', action: 'revealNationalId' },
      { id: expect.any(Number), at: '2025-10-18 09:12:00', operator: '王小明', action: 'revealNationalId' },
    ])
    expect(JSON.stringify(detail)).not.toContain('A123456789')
    expect((await t.call('students.get', { id: other.id })).history).toEqual([])
  })

  it('records nothing when the roster gave no national ID, or the student is not there', async () => {
    await t.call('settings.update', { operatorName: '王小明' })
    const student = await makeStudent(t.core.ctx.db, { national_id: null })
    expect(await t.call('students.revealNationalId', { id: student.id })).toEqual({ nationalId: null })
    expect((await t.call('students.get', { id: student.id })).history).toEqual([])
    await expect(t.call('students.revealNationalId', { id: 4242 })).rejects.toThrow('找不到這位學生（編號 4242）')
  })

  it('counts each item’s changes (one per action, however many fields) and notes, made through triage', async () => {
    const db = t.core.ctx.db
    await t.call('settings.update', { operatorName: '陳怡君' })
    const student = await makeStudent(db, { name: '林小華' })
    const course = await makeConfirmation(db, { student_id: student.id, kind: 'course', term: '1132', state: 'reported' })
    const decided = await makeReportItem(db, { student_id: student.id, confirmation_id: course.id, error_type: 'missing', reason: '少了數學' })
    const untouched = await makeReportItem(db, { student_id: student.id, confirmation_id: course.id, error_type: 'extra', reason: '多了國文' })
    const target = async () => {
      const { version } = await db.selectFrom('report_items').select('version').where('id', '=', decided.id).executeTakeFirstOrThrow()
      return { items: [{ id: decided.id, version }] }
    }
    await t.call('triage.decide', { target: await target(), to: 'checking' })
    await t.call('triage.note', { target: await target(), body: '已電話聯絡導師' })
    // One action, three fields (status, resolution, note): one change.
    await t.call('triage.decide', { target: await target(), to: 'noChange', resolution: 'other', resolutionNote: '學生已撤回' })

    const items = (await t.call('students.get', { id: student.id })).items
    expect(items.find((i) => i.id === decided.id)).toMatchObject({ status: 'noChange', changes: 2, notes: 1 })
    expect(items.find((i) => i.id === untouched.id)).toMatchObject({ status: 'new', changes: 0, notes: 0 })
  })

  it('says so when the student does not exist', async () => {
    await expect(t.call('students.get', { id: 4242 })).rejects.toThrow('找不到這位學生（編號 4242）')
  })
})
