import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ITEM_STATUSES, type ItemStatus } from '../../../src/shared/domain'
import { makeStudent } from '../../helpers/factories'
import { decideOne, historyOf, item, refused, reload, triageCore } from './helpers'

// The workflow of DESIGN.md §2 plus the two documented steps back, written out here on its
// own (not read from core's table) so that a wrong table fails this test. A clerk who fixes a new
// item at once, or finds its data right, decides it in one step; a student who disputes during the
// re-check reopens a closed or "no change" item.
const ALLOWED: [ItemStatus, ItemStatus][] = [
  ['new', 'checking'], ['new', 'corrected'], ['new', 'noChange'],
  ['checking', 'corrected'], ['checking', 'noChange'],
  ['corrected', 'resubmitted'], ['corrected', 'checking'],
  ['resubmitted', 'closed'], ['resubmitted', 'disputed'],
  ['disputed', 'checking'],
  ['noChange', 'closed'], ['noChange', 'checking'], ['noChange', 'disputed'],
  ['closed', 'disputed'],
]
const isAllowed = (from: ItemStatus, to: ItemStatus) => ALLOWED.some(([f, t]) => f === from && t === to)
const payload = (to: ItemStatus) =>
  to === 'noChange' ? { to, resolution: 'dataCorrect' as const }
    : to === 'disputed' ? { to, disputeReason: '學生臨櫃表示體育成績仍有誤' }
    : { to }

let t: Awaited<ReturnType<typeof triageCore>>
beforeEach(async () => (t = await triageCore()))
afterEach(() => t.cleanup())

describe('the transitions table', () => {
  it('allows exactly the workflow\'s moves and refuses every other, naming the item and both statuses', async () => {
    const student = await makeStudent(t.core.ctx.db, { name: '林小華', class_name: '201', seat: '05' })
    // In the re-check window, so that the table alone decides (the calendar: 'the re-check outcome').
    t.clock.set('2025-10-22 09:00')
    let n = 0
    for (const from of ITEM_STATUSES) {
      for (const to of ITEM_STATUSES) {
        // One student × kind × term × error type is one item: vary the term to make many.
        const it = await item(t, { student_id: student.id, term: String(1000 + n++), status: from, error_type: 'extra' })
        const attempt = decideOne(t, it, payload(to))
        if (isAllowed(from, to)) {
          await attempt
          expect((await reload(t, it.id)).status, `${from} → ${to}`).toBe(to)
        } else {
          const error = await refused(attempt)
          expect(error.code, `${from} → ${to}`).toBe('transition-refused')
          expect(error.message).toContain('林小華（201 05號，修課紀錄')
          expect(error.message).toContain('資料有多')
          expect((await reload(t, it.id)).status).toBe(from)
          expect((await reload(t, it.id)).version).toBe(1)
        }
      }
    }
  })

  it('words a refusal with both statuses in zh-TW and what the item may become instead', async () => {
    const it = await item(t, { status: 'new' })
    const error = await refused(decideOne(t, it, { to: 'resubmitted' }))
    expect(error.message).toMatch(/從「新回報」改為「已重新提交」/)
    expect(error.message).toContain('「新回報」之後只能改為：查核中、已修正待提交、免修正。')
    const closed = await item(t, { status: 'closed', error_type: 'missing' })
    expect((await refused(decideOne(t, closed, { to: 'checking' }))).message).toContain('「已結案」之後只能改為：仍有疑義。')
  })

  it('offers the next moves of an item to the UI from the same table', async () => {
    const it = await item(t, { status: 'corrected' })
    const detail = await t.call('triage.item', { id: it.id })
    expect(detail.next.map((n) => [n.to, n.back])).toEqual([['resubmitted', false], ['checking', true]])
    const workflow = await t.call('triage.workflow', {})
    expect(workflow.transitions.filter((x) => x.from === 'resubmitted').every((x) => x.hint?.includes('複查'))).toBe(true)
  })
})

describe('a decision', () => {
  it('writes one history row per changed field, bumps the version and records who and when', async () => {
    const it = await item(t, { status: 'new' })
    const result = await decideOne(t, it, { to: 'checking' })
    expect(result.step).toMatchObject({ label: '改為「查核中」', itemCount: 1, operator: '陳怡君' })
    const after = await reload(t, it.id)
    expect(after).toMatchObject({ status: 'checking', version: 2, updated_by: '陳怡君', updated_at: '2025-10-18 10:00:00' })
    expect(await historyOf(t, it.id)).toEqual([
      { field: 'status', old_value: 'new', new_value: 'checking', operator: '陳怡君', at: '2025-10-18 10:00:00', step_id: result.step!.id },
    ])
  })

  it('takes a new item straight to corrected or "no change" in one step: one key for a clerk who decides at once', async () => {
    const fixed = await item(t, { status: 'new', error_type: 'extra' })
    const right = await item(t, { status: 'new', error_type: 'missing', student_id: fixed.student_id, confirmation_id: fixed.confirmation_id })
    const result = await decideOne(t, fixed, { to: 'corrected' })
    expect(result.step).toMatchObject({ label: '改為「已修正待提交」', itemCount: 1 })
    expect(await reload(t, fixed.id)).toMatchObject({ status: 'corrected', version: 2 })
    expect((await historyOf(t, fixed.id)).map((h) => [h.field, h.old_value, h.new_value])).toEqual([['status', 'new', 'corrected']])
    await decideOne(t, right, { to: 'noChange', resolution: 'dataCorrect' })
    expect(await reload(t, right.id)).toMatchObject({ status: 'noChange', resolution: 'dataCorrect', version: 2 })
  })

  it('"no change" needs a reason; "other" needs its text; the reason is kept in history', async () => {
    const it = await item(t, { status: 'checking' })
    expect((await refused(decideOne(t, it, { to: 'noChange' }))).code).toBe('resolution-required')
    expect((await refused(decideOne(t, it, { to: 'noChange', resolution: 'other', resolutionNote: '  ' }))).code)
      .toBe('resolution-note-required')
    expect((await reload(t, it.id)).version).toBe(1)

    await decideOne(t, it, { to: 'noChange', resolution: 'other', resolutionNote: '學生已於電話中撤回' })
    expect(await reload(t, it.id)).toMatchObject({ status: 'noChange', resolution: 'other', resolution_note: '學生已於電話中撤回' })
    expect((await historyOf(t, it.id)).map((h) => [h.field, h.old_value, h.new_value])).toEqual([
      ['status', 'checking', 'noChange'],
      ['resolution', null, 'other'],
      ['resolution_note', null, '學生已於電話中撤回'],
    ])
  })

  it('"student\'s own selection" closes a report the school cannot fix here', async () => {
    const it = await item(t, { status: 'new' })
    await decideOne(t, it, { to: 'noChange', resolution: 'studentSelection' })
    expect(await reload(t, it.id)).toMatchObject({ status: 'noChange', resolution: 'studentSelection' })
  })

  it('"duplicate" links to another existing item, never to itself or to a missing one', async () => {
    const original = await item(t, { status: 'checking', error_type: 'wrong' })
    const copy = await item(t, { status: 'new', student_id: original.student_id, confirmation_id: original.confirmation_id, error_type: 'extra' })
    expect((await refused(decideOne(t, copy, { to: 'noChange', resolution: 'duplicate' }))).code).toBe('duplicate-required')
    expect((await refused(decideOne(t, copy, { to: 'noChange', resolution: 'duplicate', duplicateOfId: copy.id }))).code)
      .toBe('duplicate-self')
    expect((await refused(decideOne(t, copy, { to: 'noChange', resolution: 'duplicate', duplicateOfId: 99999 }))).code)
      .toBe('duplicate-not-found')
    await decideOne(t, copy, { to: 'noChange', resolution: 'duplicate', duplicateOfId: original.id })
    expect(await reload(t, copy.id)).toMatchObject({ resolution: 'duplicate', duplicate_of_id: original.id })
    const detail = await t.call('triage.item', { id: copy.id })
    expect(detail.duplicateOf?.label).toContain('資料有誤')
  })

  it('taking back "no change" clears its reason (history keeps it)', async () => {
    const it = await item(t, { status: 'new' })
    await decideOne(t, it, { to: 'noChange', resolution: 'dataCorrect' })
    await decideOne(t, await reload(t, it.id), { to: 'checking' })
    expect(await reload(t, it.id)).toMatchObject({ status: 'checking', resolution: null })
    expect((await historyOf(t, it.id)).at(-1)).toMatchObject({ field: 'resolution', old_value: 'dataCorrect', new_value: null })
  })

  it('"resubmitted" records the time (now by default, or as edited) and the operator', async () => {
    const a = await item(t, { status: 'corrected', error_type: 'extra' })
    const b = await item(t, { status: 'corrected', error_type: 'missing', student_id: a.student_id, confirmation_id: a.confirmation_id })
    await decideOne(t, a, { to: 'resubmitted' })
    expect(await reload(t, a.id)).toMatchObject({ resubmitted_at: '2025-10-18 10:00:00', resubmitted_by: '陳怡君' })
    await decideOne(t, b, { to: 'resubmitted', resubmittedAt: '2025-10-17T15:30' })
    expect(await reload(t, b.id)).toMatchObject({ resubmitted_at: '2025-10-17 15:30:00', resubmitted_by: '陳怡君' })
  })

  it('refuses a resubmission time that is not real or lies in the future', async () => {
    const it = await item(t, { status: 'corrected' })
    expect((await refused(decideOne(t, it, { to: 'resubmitted', resubmittedAt: '2025-02-30 10:00' }))).code).toBe('invalid-time')
    const future = await refused(decideOne(t, it, { to: 'resubmitted', resubmittedAt: '2025-10-19 09:00' }))
    expect(future).toMatchObject({ code: 'time-in-future', message: expect.stringContaining('114/10/19 09:00') })
    expect((await reload(t, it.id)).status).toBe('corrected')
  })

  it('is refused without an operator name, changing nothing', async () => {
    await t.core.ctx.db.deleteFrom('settings').where('key', 'like', '%operatorName').execute()
    const it = await item(t)
    expect((await refused(decideOne(t, it, { to: 'checking' }))).code).toBe('operator-missing')
    expect(await reload(t, it.id)).toMatchObject({ status: 'new', version: 1 })
    expect(await historyOf(t, it.id)).toEqual([])
  })
})

describe('the re-check outcome', () => {
  const RECHECK_NOT_OPEN = '學生複查自 114/10/22 08:00 開始，在那之前不能結案或標為仍有疑義。'

  it('waits for the current round\'s re-check window: a resubmitted item is not closed or disputed before it opens', async () => {
    const student = await makeStudent(t.core.ctx.db, { name: '林小華', class_name: '201', seat: '05' })
    const a = await item(t, { student_id: student.id, status: 'resubmitted', error_type: 'extra' })
    const same = { student_id: student.id, confirmation_id: a.confirmation_id }
    const b = await item(t, { ...same, status: 'resubmitted', error_type: 'missing' })
    const settled = await item(t, { ...same, status: 'noChange', resolution: 'dataCorrect', error_type: 'wrong' })

    // 10/18, the fix window of the seed's round: re-check opens on 10/22 08:00.
    for (const to of ['closed', 'disputed'] as const) {
      const error = await refused(decideOne(t, a, { to }))
      expect(error.code, to).toBe('recheck-not-open')
      expect(error.message).toContain(RECHECK_NOT_OPEN)
      expect(error.message).toContain('林小華（201 05號，修課紀錄')
    }
    // All or nothing: with one resubmitted item among them, not even the "no change" one closes.
    const bulk = await refused(t.call('triage.decide', { target: { items: [settled, b].map((x) => ({ id: x.id, version: 1 })) }, to: 'closed' }))
    expect(bulk).toMatchObject({ code: 'recheck-not-open', message: expect.stringContaining('選取的 2 筆都沒有變更') })
    expect((await reload(t, settled.id)).status).toBe('noChange')
    t.clock.set('2025-10-22 07:59:59')
    expect((await refused(decideOne(t, a, { to: 'closed' }))).code).toBe('recheck-not-open')
    expect(await reload(t, a.id)).toMatchObject({ status: 'resubmitted', version: 1 })

    t.clock.set('2025-10-22 08:00')
    await decideOne(t, a, { to: 'closed' })
    await decideOne(t, b, { to: 'disputed' })
    expect((await reload(t, a.id)).status).toBe('closed')
    expect((await reload(t, b.id)).status).toBe('disputed')
  })

  it('does not hold back "no change" → closed, nor anything when there is no current round', async () => {
    const settled = await item(t, { status: 'noChange', resolution: 'dataCorrect' })
    await decideOne(t, settled, { to: 'closed' })
    expect((await reload(t, settled.id)).status).toBe('closed')

    await t.core.ctx.db.updateTable('rounds').set({ is_current: 0 }).execute()
    const resubmitted = await item(t, { status: 'resubmitted', error_type: 'missing' })
    await decideOne(t, resubmitted, { to: 'closed' })
    expect((await reload(t, resubmitted.id)).status).toBe('closed')
  })

  it('tells the UI when the outcome may be given, in the hint of the two actions', async () => {
    const workflow = await t.call('triage.workflow', {})
    expect(workflow.transitions.filter((x) => x.from === 'resubmitted').map((x) => x.hint)).toEqual(['學生複查開始後', '學生複查開始後'])
  })
})
