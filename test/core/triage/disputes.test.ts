import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeStudent } from '../../helpers/factories'
import { decideOne, historyOf, item, refused, reload, triageCore } from './helpers'

// The handout: 「如仍有疑義，請於 10/23 10:30 前反映」. A student who objects during the re-check —
// at the counter or by phone — has a closed or "no change" item reopened as disputed, from the
// re-check's start (10/22 08:00 in the seed's round) until the dispute deadline (10/23 10:30).

let t: Awaited<ReturnType<typeof triageCore>>
beforeEach(async () => (t = await triageCore()))
afterEach(() => t.cleanup())

const WHY = '學生 10/22 臨櫃表示：體育成績仍少一筆'

describe('reopening an item as disputed', () => {
  it('reopens a closed item during the re-check, keeping who, when and why in its history', async () => {
    const student = await makeStudent(t.core.ctx.db, { name: '林小華', class_name: '201', seat: '05' })
    const closed = await item(t, { student_id: student.id, status: 'closed' })
    t.clock.set('2025-10-22 14:10')
    const result = await decideOne(t, closed, { to: 'disputed', disputeReason: `  ${WHY} ` })
    expect(result.step).toMatchObject({ label: '學生提出疑義，重新開啟', itemCount: 1, operator: '陳怡君' })
    expect(await reload(t, closed.id)).toMatchObject({ status: 'disputed', dispute_reason: WHY, version: 2 })
    expect((await historyOf(t, closed.id)).map((h) => [h.field, h.old_value, h.new_value, h.operator, h.at])).toEqual([
      ['status', 'closed', 'disputed', '陳怡君', '2025-10-22 14:10:00'],
      ['dispute_reason', null, WHY, '陳怡君', '2025-10-22 14:10:00'],
    ])
    const detail = await t.call('triage.item', { id: closed.id })
    expect(detail.item.disputeReason).toBe(WHY)
    expect(detail.history.map((h) => h.stepLabel)).toEqual(['學生提出疑義，重新開啟', '學生提出疑義，重新開啟'])
    // From here the item is worked as any dispute: checked again, corrected, resubmitted.
    for (const to of ['checking', 'corrected', 'resubmitted'] as const) await decideOne(t, await reload(t, closed.id), { to })
    expect((await reload(t, closed.id)).status).toBe('resubmitted')
  })

  it('reopens a "no change" item, its reason cleared (history keeps it), and undo puts it back as it was', async () => {
    const settled = await item(t, { status: 'noChange', resolution: 'other', resolution_note: '學生電話撤回' })
    t.clock.set('2025-10-23 09:00')
    await decideOne(t, settled, { to: 'disputed', disputeReason: WHY })
    expect(await reload(t, settled.id)).toMatchObject({ status: 'disputed', resolution: null, resolution_note: null, dispute_reason: WHY })
    expect((await historyOf(t, settled.id)).map((h) => [h.field, h.old_value, h.new_value])).toEqual([
      ['status', 'noChange', 'disputed'],
      ['resolution', 'other', null],
      ['resolution_note', '學生電話撤回', null],
      ['dispute_reason', null, WHY],
    ])
    await t.call('triage.undo', {})
    expect(await reload(t, settled.id)).toMatchObject({
      status: 'noChange', resolution: 'other', resolution_note: '學生電話撤回', dispute_reason: null,
    })
    expect(await historyOf(t, settled.id)).toEqual([])
  })

  it('is open from the start of the re-check until the dispute deadline, and refused outside it, changing nothing', async () => {
    const student = await makeStudent(t.core.ctx.db, { name: '林小華', class_name: '201', seat: '05' })
    const closed = await item(t, { student_id: student.id, status: 'closed' })
    t.clock.set('2025-10-22 07:59:59')
    const early = await refused(decideOne(t, closed, { to: 'disputed', disputeReason: WHY }))
    expect(early.code).toBe('dispute-not-open')
    expect(early.message).toContain('林小華（201 05號，修課紀錄')
    expect(early.message).toContain('學生複查自 114/10/22 08:00 開始')
    t.clock.set('2025-10-23 10:30:01')
    const late = await refused(decideOne(t, closed, { to: 'disputed', disputeReason: WHY }))
    expect(late.code).toBe('dispute-closed')
    expect(late.message).toContain('疑義反映已於 114/10/23 10:30 截止')
    expect(await reload(t, closed.id)).toMatchObject({ status: 'closed', version: 1 })
    expect(await historyOf(t, closed.id)).toEqual([])

    t.clock.set('2025-10-23 10:30')
    await decideOne(t, closed, { to: 'disputed', disputeReason: WHY })
    expect((await reload(t, closed.id)).status).toBe('disputed')
  })

  it('needs the student\'s objection written down to reopen; a resubmitted item disputed on the re-check may go without', async () => {
    const closed = await item(t, { status: 'closed', error_type: 'extra' })
    const resubmitted = await item(t, { status: 'resubmitted', error_type: 'missing', student_id: closed.student_id, confirmation_id: closed.confirmation_id })
    t.clock.set('2025-10-22 09:00')
    for (const disputeReason of [undefined, '   ']) {
      const error = await refused(decideOne(t, closed, { to: 'disputed', disputeReason }))
      expect(error.code).toBe('dispute-reason-required')
      expect(error.message).toContain('請寫下學生的疑義')
    }
    expect((await reload(t, closed.id)).version).toBe(1)
    await decideOne(t, resubmitted, { to: 'disputed' })
    expect(await reload(t, resubmitted.id)).toMatchObject({ status: 'disputed', dispute_reason: null })
  })

  it('is all or nothing over a selection: one item outside the window is named and none reopens', async () => {
    const a = await item(t, { status: 'closed', error_type: 'extra' })
    const b = await item(t, { status: 'noChange', resolution: 'dataCorrect', error_type: 'missing', student_id: a.student_id, confirmation_id: a.confirmation_id })
    t.clock.set('2025-10-21 16:00')
    const error = await refused(t.call('triage.decide', {
      target: { items: [a, b].map((x) => ({ id: x.id, version: 1 })) }, to: 'disputed', disputeReason: WHY,
    }))
    expect(error).toMatchObject({ code: 'dispute-not-open', message: expect.stringContaining('選取的 2 筆都沒有變更') })
    expect([(await reload(t, a.id)).status, (await reload(t, b.id)).status]).toEqual(['closed', 'noChange'])
  })

  it('tells the UI when a reopening may be made, in the hint of the two actions', async () => {
    const workflow = await t.call('triage.workflow', {})
    expect(workflow.transitions.filter((x) => x.to === 'disputed' && x.from !== 'resubmitted').map((x) => [x.from, x.hint]))
      .toEqual([['noChange', '學生複查開始至疑義反映截止'], ['closed', '學生複查開始至疑義反映截止']])
  })
})
