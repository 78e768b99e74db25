import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { csvOf, type Rows } from '../../helpers/importFiles'
import { importBytes } from '../../helpers/importer'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'

// A report entered by hand at the counter or by phone (issue 12, item 2b) is the same report a
// later import lists: the import merges into it — its reason and time as for an imported item —
// and never flags it vanished for not listing it: it came from the counter.

const ROSTER: Rows = [['學號', '姓名', '班級', '座號'], ['110001', '林小華', '201', '01'], ['110002', '陳大明', '201', '02'], ['110003', '張美玲', '201', '03']]
const LIST_HEAD = ['學號', '學年度學期', '項目', '錯誤別', '問題描述', '回報時間']

let t: TempCore
beforeEach(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-15 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君' })
  await importBytes(t, '學生名冊.csv', csvOf(ROSTER))
  await importBytes(t, '錯誤回報清單.csv', csvOf([LIST_HEAD, ['110001', '1132', '修課紀錄', '資料有多', '多了國文', '2025/10/07 20:00:00']]))
})
afterEach(() => t.cleanup())

const studentId = async (no: string) =>
  (await t.core.ctx.db.selectFrom('students').select('id').where('student_no', '=', no).executeTakeFirstOrThrow()).id
const items = () =>
  t.core.ctx.db.selectFrom('report_items as r').innerJoin('students as s', 's.id', 'r.student_id')
    .select(['r.id', 's.student_no', 'r.error_type', 'r.reason', 'r.reported_at', 'r.channel', 'r.status', 'r.vanished_at', 'r.version'])
    .orderBy('s.student_no').orderBy('r.error_type').execute()

describe('an import after a report entered by hand', () => {
  it('merges the same report into it instead of duplicating it, and never flags a hand entry vanished', async () => {
    const byPhone = (await t.call('triage.enterByHand', {
      studentId: await studentId('110002'), kind: 'course', term: '1132', errorType: 'extra', reason: '電話：多了一門國文',
      channel: 'phone', reportedAt: '2025-10-08 09:00',
    })).itemIds[0]
    const atCounter = (await t.call('triage.enterByHand', {
      studentId: await studentId('110003'), kind: 'course', term: '1132', errorType: 'missing', reason: '少了體育',
      channel: 'counter', reportedAt: '2025-10-08 10:00',
    })).itemIds[0]
    await t.call('triage.decide', { target: { items: [{ id: byPhone, version: 1 }] }, to: 'checking' })

    // Class 201's newer list: 110001 as before, 110002's report as the student filed it online; not 110003's.
    const summary = await importBytes(t, '錯誤回報清單_1010.csv', csvOf([LIST_HEAD,
      ['110001', '1132', '修課紀錄', '資料有多', '多了國文', '2025/10/07 20:00:00'],
      ['110002', '1132', '修課紀錄', '資料有多', '多了國文', '2025/10/08 08:15:00'],
    ]))
    expect(summary.reportItems).toMatchObject({ added: 0, updated: 1, vanished: 0 })
    const after = await items()
    expect(after.map((i) => [i.student_no, i.error_type, i.reason, i.reported_at, i.channel, i.status, i.vanished_at])).toEqual([
      ['110001', 'extra', '多了國文', '2025-10-07 20:00:00', null, 'new', null],
      ['110002', 'extra', '多了國文', '2025-10-08 08:15:00', 'phone', 'checking', null],
      ['110003', 'missing', '少了體育', '2025-10-08 10:00:00', 'counter', 'new', null],
    ])
    expect(after.find((i) => i.student_no === '110002')!.id).toBe(byPhone)
    expect(after.find((i) => i.student_no === '110003')!.id).toBe(atCounter)
    // The queue shows the merged item once, still marked as entered by hand.
    const page = await t.call('queue.list', { filter: { search: '陳大明' } })
    expect(page.rows.map((r) => [r.id, r.channel])).toEqual([[byPhone, 'phone']])
  })

  it('a hand entry an import has since listed is not taken back by undo, which says why', async () => {
    const id = (await t.call('triage.enterByHand', {
      studentId: await studentId('110002'), kind: 'course', term: '1132', errorType: 'extra', reason: '多了國文', channel: 'phone',
    })).itemIds[0]
    await importBytes(t, '錯誤回報清單_1015.csv', csvOf([LIST_HEAD, ['110002', '1132', '修課紀錄', '資料有多', '多了國文', '2025/10/15 08:15:00']]))
    await expect(t.call('triage.undo', {})).rejects.toMatchObject({ code: 'undo-conflict', message: expect.stringContaining('匯入也列出了這筆回報') })
    expect((await items()).map((i) => i.id)).toContain(id)
  })
})
