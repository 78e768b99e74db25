import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decideOne, historyOf, item, refused, reload, triageCore } from './helpers'

let t: Awaited<ReturnType<typeof triageCore>>
beforeEach(async () => (t = await triageCore()))
afterEach(() => t.cleanup())

const ref = (x: { id: number; version: number }) => ({ id: x.id, version: x.version })

/** Everything undo must put back: the item rows, their history and their notes. */
async function snapshot(ids: number[]) {
  const db = t.core.ctx.db
  return {
    items: await db.selectFrom('report_items').selectAll().where('id', 'in', ids).orderBy('id').execute(),
    history: await db.selectFrom('item_history').selectAll().where('item_id', 'in', ids).orderBy('id').execute(),
    notes: await db.selectFrom('notes').selectAll().where('item_id', 'in', ids).orderBy('id').execute(),
  }
}

/** A snapshot without the items' versions: what undo puts back (the version moves on). */
const values = ({ items, ...rest }: Awaited<ReturnType<typeof snapshot>>) => ({ items: items.map(({ version: _, ...item }) => item), ...rest })

describe('a bulk decision', () => {
  it('changes N items as ONE step in one transaction', async () => {
    const items = await Promise.all([1, 2, 3].map(() => item(t, { status: 'corrected' })))
    const result = await t.call('triage.decide', { target: { items: items.map(ref) }, to: 'resubmitted' })
    expect(result.step).toMatchObject({ label: '標記已重新提交', itemCount: 3 })
    for (const it of items) {
      expect(await reload(t, it.id)).toMatchObject({ status: 'resubmitted', version: 2, resubmitted_by: '陳怡君' })
      expect((await historyOf(t, it.id)).every((h) => h.step_id === result.step!.id)).toBe(true)
    }
    const steps = await t.core.ctx.db.selectFrom('change_steps').selectAll().execute()
    expect(steps).toHaveLength(1)
  })

  it('is all or nothing: one item that cannot move is named and none changes', async () => {
    const ok = await item(t, { status: 'corrected' })
    const stuck = await item(t, { status: 'new', error_type: 'missing' })
    const ok2 = await item(t, { status: 'corrected' })
    const before = await snapshot([ok.id, stuck.id, ok2.id])
    const error = await refused(t.call('triage.decide', { target: { items: [ok, stuck, ok2].map(ref) }, to: 'resubmitted' }))
    expect(error.code).toBe('transition-refused')
    expect(error.message).toContain('資料有少')
    expect(error.message).toContain('從「新回報」改為「已重新提交」')
    expect(error.message).toContain('選取的 3 筆都沒有變更')
    expect(await snapshot([ok.id, stuck.id, ok2.id])).toEqual(before)
    expect(await t.call('triage.lastStep', {})).toBeNull()
  })

  it('applies to "all N matching" a filter, resolved in core, and refuses when N has changed', async () => {
    const a = await item(t, { status: 'corrected', kind: 'cadre' })
    const b = await item(t, { status: 'corrected', kind: 'cadre' })
    const other = await item(t, { status: 'corrected', kind: 'course' })
    const filter = { kind: ['cadre' as const], status: ['corrected' as const] }
    const { now: seenAt } = await t.call('queue.list', { filter })
    const stale = await refused(t.call('triage.decide', { target: { filter, expectedCount: 3, seenAt }, to: 'resubmitted' }))
    expect(stale).toMatchObject({ code: 'stale-selection', message: expect.stringContaining('由 3 筆變為 2 筆') })
    expect((await reload(t, a.id)).status).toBe('corrected')

    const result = await t.call('triage.decide', { target: { filter, expectedCount: 2, seenAt }, to: 'resubmitted' })
    expect(result.itemIds.sort()).toEqual([a.id, b.id].sort())
    expect((await reload(t, other.id)).status).toBe('corrected')
  })

  it('refuses "all N matching" when any of them was changed after the list was shown, never overwriting', async () => {
    const a = await item(t, { status: 'checking', kind: 'cadre' })
    const b = await item(t, { status: 'checking', kind: 'cadre' })
    const filter = { kind: ['cadre' as const] }
    // A's window lists the two items at 10:00 …
    const shown = await t.call('queue.list', { filter })
    expect(shown.total).toBe(2)
    // … colleague B then saves a reply on one of them; there are still 2 matching.
    t.clock.set('2025-10-18 10:05')
    await t.call('settings.update', { operatorName: '王大同' })
    await t.call('triage.reply', { target: { items: [ref(a)] }, reply: '已更正，請於 10/22 複查。' })
    await t.call('settings.update', { operatorName: '陳怡君' })

    t.clock.set('2025-10-18 10:07')
    const bulk = (seenAt: string) => t.call('triage.reply', { target: { filter, expectedCount: 2, seenAt }, reply: '經查資料正確，無需修正。' })
    const error = await refused(bulk(shown.now))
    expect(error.code).toBe('stale-selection')
    expect(error.message).toContain('符合目前篩選條件的 2 筆中，有 1 筆在清單顯示（114/10/18 10:00）之後被修改過')
    expect(error.message).toContain('已被 王大同 於 114/10/18 10:05 修改')
    expect(error.message).toContain('請重新整理')
    expect(await reload(t, a.id)).toMatchObject({ reply: '已更正，請於 10/22 複查。', version: 2 })
    expect(await reload(t, b.id)).toMatchObject({ reply: null, version: 1 })

    // An undo is a change too, though it puts the last-change stamp back.
    const refreshed = await t.call('queue.list', { filter })
    t.clock.set('2025-10-18 10:09')
    await t.call('settings.update', { operatorName: '王大同' })
    await t.call('triage.undo', {})
    await t.call('settings.update', { operatorName: '陳怡君' })
    t.clock.set('2025-10-18 10:10')
    expect((await refused(bulk(refreshed.now))).message).toContain('已被 王大同 於 114/10/18 10:09 修改')
    expect((await reload(t, a.id)).reply).toBeNull()

    // Listed again, the window shows what is there now and the step goes through.
    const result = await bulk((await t.call('queue.list', { filter })).now)
    expect(result.step).toMatchObject({ itemCount: 2 })
  })

  it('applies a reply or a note to many items as one step', async () => {
    const items = await Promise.all([1, 2].map(() => item(t)))
    const reply = await t.call('triage.reply', { target: { items: items.map(ref) }, reply: '已更正，請於 10/22 複查。' })
    expect(reply.step).toMatchObject({ label: '修改答覆', itemCount: 2 })
    const again = await t.call('triage.reply', {
      target: { items: await Promise.all(items.map(async (i) => ref(await reload(t, i.id)))) }, reply: '已更正，請於 10/22 複查。',
    })
    expect(again.step).toBeNull() // nothing differed: no empty step to undo
    const note = await t.call('triage.note', { target: { items: items.map((i) => ({ id: i.id, version: 2 })) }, body: '已電話聯絡導師' })
    expect(note.step?.itemCount).toBe(2)
    const detail = await t.call('triage.item', { id: items[0].id })
    expect(detail.item.reply).toBe('已更正，請於 10/22 複查。')
    expect(detail.notes).toMatchObject([{ body: '已電話聯絡導師', operator: '陳怡君' }])
    expect(detail.history).toMatchObject([{ field: 'reply', oldValue: null, newValue: '已更正，請於 10/22 複查。', stepLabel: '修改答覆' }])
  })
})

describe('a stale update', () => {
  it('is refused with stale-version, naming the item and who changed it, never overwriting', async () => {
    const it = await item(t, { status: 'new' })
    // Window 1 and window 2 both read version 1; window 2 decides first.
    await t.call('settings.update', { operatorName: '王大同' })
    await decideOne(t, it, { to: 'checking' })
    await t.call('settings.update', { operatorName: '陳怡君' })
    const error = await refused(decideOne(t, it, { to: 'noChange', resolution: 'dataCorrect' }))
    expect(error.code).toBe('stale-version')
    expect(error.message).toContain('已被 王大同 於 114/10/18 10:00 修改過')
    expect(await reload(t, it.id)).toMatchObject({ status: 'checking', version: 2, updated_by: '王大同' })
    // The same goes for a reply written on a stale view.
    expect((await refused(t.call('triage.reply', { target: { items: [ref(it)] }, reply: 'x' }))).code).toBe('stale-version')
  })

  it('still adds a note written on a stale view (the reply just saved, the window not yet refreshed): a note changes nothing', async () => {
    const it = await item(t, { status: 'new' })
    await t.call('triage.reply', { target: { items: [ref(it)] }, reply: '已更正，請於 10/22 複查。' })
    const note = await t.call('triage.note', { target: { items: [ref(it)] }, body: '已向任課老師確認原始成績' })
    expect(note.step).toMatchObject({ label: '新增備註', itemCount: 1 })
    expect(await reload(t, it.id)).toMatchObject({ reply: '已更正，請於 10/22 複查。', version: 2 })
    expect((await t.call('triage.item', { id: it.id })).notes).toMatchObject([{ body: '已向任課老師確認原始成績' }])
    // Undone, the note goes and the reply stays.
    await t.call('triage.undo', {})
    expect((await t.call('triage.item', { id: it.id })).notes).toEqual([])
    expect((await reload(t, it.id)).reply).toBe('已更正，請於 10/22 複查。')
  })

  it('refuses a bulk step when any one item is stale, and changes none', async () => {
    const a = await item(t)
    const b = await item(t)
    await decideOne(t, b, { to: 'checking' })
    const error = await refused(t.call('triage.decide', { target: { items: [ref(a), ref(b)] }, to: 'checking' }))
    expect(error.code).toBe('stale-version')
    expect((await reload(t, a.id)).status).toBe('new')
  })
})

describe('undo', () => {
  it('restores exactly the previous values and history of a bulk step', async () => {
    const items = await Promise.all([1, 2, 3].map(() => item(t, { status: 'checking', updated_by: '林老師', updated_at: '2025-10-17 08:00:00' })))
    const ids = items.map((i) => i.id)
    await t.call('triage.note', { target: { items: [ref(items[0])] }, body: '先前的備註' })
    const before = await snapshot(ids)

    t.clock.set('2025-10-18 11:00')
    await t.call('triage.decide', { target: { items: items.map(ref) }, to: 'noChange', resolution: 'other', resolutionNote: '與學生確認無誤' })
    await t.call('triage.note', { target: { items: items.map((i) => ({ id: i.id, version: 2 })) }, body: '一起處理' })
    expect(await t.call('triage.lastStep', {})).toMatchObject({ label: '新增備註', itemCount: 3 })

    expect(await t.call('triage.undo', {})).toMatchObject({ label: '新增備註' })
    expect(await t.call('triage.undo', {})).toMatchObject({ label: '免修正（其他）' })

    // Every item, history row and note exactly as before — last-change stamp included — and
    // the version moved on: 1 before, 2 after the decision, 3 after its undo (notes change none).
    const after = await snapshot(ids)
    expect(values(after)).toEqual(values(before))
    expect(after.items.map((i) => i.version)).toEqual([3, 3, 3])
    expect(await t.call('triage.lastStep', {})).toMatchObject({ label: '新增備註', itemCount: 1 })
  })

  it('takes back step after step, and a window still showing an undone step is refused', async () => {
    const it = await item(t, { status: 'new' })
    const before = await snapshot([it.id])
    await decideOne(t, it, { to: 'checking' })
    await decideOne(t, { id: it.id, version: 2 }, { to: 'corrected' })
    await t.call('triage.decide', { target: { items: [{ id: it.id, version: 3 }] }, to: 'resubmitted' })
    await t.call('triage.undo', {})
    // A window that showed the item as resubmitted (version 4) is stale now.
    expect((await refused(decideOne(t, { id: it.id, version: 4 }, { to: 'closed' }))).code).toBe('stale-version')
    await t.call('triage.undo', {})
    await t.call('triage.undo', {})
    // Three changes and three undos: the values as before, the version six writes on.
    const after = await snapshot([it.id])
    expect(values(after)).toEqual(values(before))
    expect(after.items[0].version).toBe(7)
    expect((await refused(t.call('triage.undo', {}))).code).toBe('nothing-to-undo')
  })

  it('moves the version forward, so a window that saw the undone change is refused after a new one', async () => {
    const it = await item(t)
    await t.call('triage.reply', { target: { items: [ref(it)] }, reply: '已更正，請於 10/22 複查。' })
    // Another window shows the item with that reply (version 2).
    const seen = ref(await reload(t, it.id))
    await t.call('triage.undo', {})
    expect(await reload(t, it.id)).toMatchObject({ reply: null, version: 3 })
    await t.call('triage.reply', { target: { items: [ref(await reload(t, it.id))] }, reply: '經查資料正確，無需修正。' })
    const error = await refused(t.call('triage.reply', { target: { items: [seen] }, reply: '另一個答覆' }))
    expect(error.code).toBe('stale-version')
    expect(await reload(t, it.id)).toMatchObject({ reply: '經查資料正確，無需修正。', version: 4 })
  })

  it('is refused, naming the item, when one of the step\'s items changed since; nothing changes', async () => {
    const a = await item(t, { status: 'new' })
    const b = await item(t, { status: 'new' })
    await t.call('triage.decide', { target: { items: [ref(a), ref(b)] }, to: 'checking' })
    await t.call('settings.update', { operatorName: '王大同' })
    await decideOne(t, { id: b.id, version: 2 }, { to: 'corrected' })
    await t.call('settings.update', { operatorName: '陳怡君' })
    const before = await snapshot([a.id, b.id])
    const error = await refused(t.call('triage.undo', {}))
    expect(error.code).toBe('undo-conflict')
    expect(error.message).toContain('無法復原「改為「查核中」」')
    expect(error.message).toContain('王大同')
    expect(await snapshot([a.id, b.id])).toEqual(before)

    // Once the colleague has undone his change, the step is the item's last again and can be undone.
    await t.call('settings.update', { operatorName: '王大同' })
    await t.call('triage.undo', {})
    await t.call('settings.update', { operatorName: '陳怡君' })
    await t.call('triage.undo', {})
    expect(await reload(t, a.id)).toMatchObject({ status: 'new', version: 3 })
    expect(await reload(t, b.id)).toMatchObject({ status: 'new', version: 5 })
  })

  it('takes back only this operator\'s own steps, and says when there is nothing to undo', async () => {
    expect((await refused(t.call('triage.undo', {}))).code).toBe('nothing-to-undo')
    const a = await item(t)
    await t.call('settings.update', { operatorName: '王大同' })
    await decideOne(t, a, { to: 'checking' })
    await t.call('settings.update', { operatorName: '陳怡君' })
    expect(await t.call('triage.lastStep', {})).toBeNull()
    expect((await refused(t.call('triage.undo', {}))).message).toBe('沒有可以復原的操作。')
    expect((await reload(t, a.id)).status).toBe('checking')
  })

  it('restores resubmission fields and a reply exactly (null stays null, numbers stay numbers)', async () => {
    const original = await item(t, { status: 'checking', error_type: 'wrong' })
    const dup = await item(t, { status: 'new', student_id: original.student_id, confirmation_id: original.confirmation_id })
    await decideOne(t, dup, { to: 'noChange', resolution: 'duplicate', duplicateOfId: original.id })
    expect((await reload(t, dup.id)).duplicate_of_id).toBe(original.id)
    await t.call('triage.undo', {})
    expect(await reload(t, dup.id)).toMatchObject({ status: 'new', resolution: null, duplicate_of_id: null })
    expect(await historyOf(t, dup.id)).toEqual([])
  })
})
