import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeWorkbook } from '../../../src/core/export/write'
import { makeCourseRecord, makeStudent } from '../../helpers/factories'
import { cellText, listOf, readBook } from '../export/helpers'
import { decideOne, historyOf, item, refused, reload, triageCore } from './helpers'

// A report or dispute that reaches the section at the counter or by phone is entered by hand
// (issue 12, item 2b): a normal item of the queue, the dashboard and every export, marked as
// entered by hand, that stands without an import.

let t: Awaited<ReturnType<typeof triageCore>>
beforeEach(async () => (t = await triageCore()))
afterEach(() => t.cleanup())

const student = () => makeStudent(t.core.ctx.db, { name: '林小華', class_name: '201', seat: '05' })
const entry = (studentId: number, more: Record<string, unknown> = {}) => ({
  studentId, kind: 'course' as const, term: '1132', errorType: 'wrong' as const, reason: '體育成績應為 85 分', channel: 'counter' as const, ...more,
})

describe('a report entered by hand', () => {
  it('is a new item of the queue, in the section that fixes its kind, marked by hand, with who and when', async () => {
    const s = await student()
    const result = await t.call('triage.enterByHand', entry(s.id))
    expect(result.step).toMatchObject({ label: '登錄回報（臨櫃）', itemCount: 1, operator: '陳怡君' })
    const [id] = result.itemIds
    expect(await reload(t, id)).toMatchObject({
      status: 'new', section: 'registration', kind: 'course', term: '1132', error_type: 'wrong', reason: '體育成績應為 85 分',
      channel: 'counter', reported_at: '2025-10-18 10:00:00', confirmation_id: null, first_batch_id: null, last_batch_id: null,
      source_changed_at: null, vanished_at: null, version: 1, updated_by: '陳怡君', updated_at: '2025-10-18 10:00:00',
    })
    expect((await historyOf(t, id)).map((h) => [h.field, h.old_value, h.new_value, h.operator, h.at]))
      .toEqual([['channel', null, 'counter', '陳怡君', '2025-10-18 10:00:00']])

    const page = await t.call('queue.list', { filter: { section: ['registration'] } })
    expect(page.rows.map((r) => [r.id, r.studentName, r.status, r.channel])).toEqual([[id, '林小華', 'new', 'counter']])
    const detail = await t.call('triage.item', { id })
    expect(detail.item.channel).toBe('counter')
    expect(detail.history[0]).toMatchObject({ field: 'channel', newValue: 'counter', stepLabel: '登錄回報（臨櫃）', operator: '陳怡君' })
    // Worked as any other item: fixed at once.
    await decideOne(t, { id, version: 1 }, { to: 'corrected' })
    expect((await reload(t, id)).status).toBe('corrected')
  })

  it('counts in the dashboard and is listed, marked, in the work list and the replies', async () => {
    const s = await student()
    await t.call('triage.enterByHand', entry(s.id, { channel: 'phone', kind: 'cadre', errorType: 'missing', reason: '少了班長' }))
    const overview = await t.call('dashboard.overview', {})
    const affairs = overview.sections.find((x) => x.section === 'studentAffairs')!
    expect(affairs).toMatchObject({ total: 1, counts: expect.objectContaining({ new: 1 }) })

    const worklist = await writeWorkbook(t.core.ctx, { workbook: 'worklist', includeFullNationalId: false }, join(t.dir, 'worklist.xlsx'))
    const rows = listOf((await readBook(worklist.path)).worksheets[0]).rows
    expect(rows.map((r) => [cellText(r['姓名']), cellText(r['回報內容']), cellText(r['匯入註記'])])).toEqual([['林小華', '少了班長', '人工登錄（電話）']])
    const replies = await writeWorkbook(t.core.ctx, { workbook: 'replies', includeFullNationalId: false }, join(t.dir, 'replies.xlsx'))
    const replyRows = listOf((await readBook(replies.path)).worksheets[0]).rows
    expect(replyRows.map((r) => cellText(r['回報內容']))).toEqual(['少了班長\n（電話登錄）'])
  })

  it('gets its hint from the records at once, as an imported report does', async () => {
    const s = await student()
    await makeCourseRecord(t.core.ctx.db, { national_id: s.national_id!, student_id: s.id, subject_name: '體育', term: '1132', score: 69, passed: 'pass' })
    const { itemIds: [id] } = await t.call('triage.enterByHand', entry(s.id, { errorType: 'missing', reason: '少了體育' }))
    const page = await t.call('queue.list', { filter: { hint: ['present'] } })
    expect(page.rows.map((r) => [r.id, r.hint])).toEqual([[id, '資料中已有體育（69 分，及格）']])
  })

  it('takes the time the student came or called, never one still to come', async () => {
    const s = await student()
    const [id] = (await t.call('triage.enterByHand', entry(s.id, { reportedAt: '2025-10-17T16:20' }))).itemIds
    expect((await reload(t, id)).reported_at).toBe('2025-10-17 16:20:00')
    const future = await refused(t.call('triage.enterByHand', entry(s.id, { errorType: 'extra', reportedAt: '2025-10-18 10:05' })))
    expect(future).toMatchObject({ code: 'time-in-future', message: expect.stringContaining('114/10/18 10:05') })
  })

  it('is refused when the queue already has that report, naming it and its status, so it is worked there', async () => {
    const s = await student()
    const imported = await item(t, { student_id: s.id, kind: 'course', term: '1132', error_type: 'wrong', status: 'closed' })
    const error = await refused(t.call('triage.enterByHand', entry(s.id)))
    expect(error.code).toBe('item-exists')
    expect(error.message).toContain('林小華（201 05號，修課紀錄 1132，資料有誤）已有這筆回報（已結案）')
    const items = await t.core.ctx.db.selectFrom('report_items').select('id').execute()
    expect(items).toEqual([{ id: imported.id }])
  })

  it('is refused for a kind and term the current round does not confirm, and for a student not in the roster', async () => {
    const s = await student()
    const error = await refused(t.call('triage.enterByHand', entry(s.id, { term: '1131' })))
    expect(error.code).toBe('not-in-round')
    expect(error.message).toContain('「修課紀錄 1131」')
    expect(error.message).toContain('修課紀錄 1132')
    expect((await refused(t.call('triage.enterByHand', entry(99999)))).code).toBe('student-not-found')
    expect(await t.core.ctx.db.selectFrom('report_items').select('id').execute()).toEqual([])
  })

  it('is taken back whole by undo, and not once a colleague has worked on it', async () => {
    const s = await student()
    const [id] = (await t.call('triage.enterByHand', entry(s.id))).itemIds
    await t.call('triage.note', { target: { items: [{ id, version: 1 }] }, body: '學生下午再來' })
    expect((await t.call('triage.undo', {})).label).toBe('新增備註')
    expect((await t.call('triage.undo', {})).label).toBe('登錄回報（臨櫃）')
    expect(await t.core.ctx.db.selectFrom('report_items').select('id').execute()).toEqual([])
    expect((await t.call('queue.facets', {})).anyItems).toBe(false)

    const [again] = (await t.call('triage.enterByHand', entry(s.id))).itemIds
    await t.call('settings.update', { operatorName: '王大同' })
    await decideOne(t, { id: again, version: 1 }, { to: 'checking' })
    await t.call('settings.update', { operatorName: '陳怡君' })
    const error = await refused(t.call('triage.undo', {}))
    expect(error).toMatchObject({ code: 'undo-conflict', message: expect.stringContaining('王大同') })
    expect((await reload(t, again)).status).toBe('checking')
  })

  it('stays while a colleague’s note on it stands', async () => {
    const s = await student()
    const [id] = (await t.call('triage.enterByHand', entry(s.id))).itemIds
    await t.call('settings.update', { operatorName: '王大同' })
    await t.call('triage.note', { target: { items: [{ id, version: 1 }] }, body: '已回電學生' })
    await t.call('settings.update', { operatorName: '陳怡君' })
    const error = await refused(t.call('triage.undo', {}))
    expect(error).toMatchObject({ code: 'undo-conflict', message: expect.stringContaining('已有 王大同 於 114/10/18 10:00 寫的備註') })
    expect((await reload(t, id)).channel).toBe('counter')
  })
})
