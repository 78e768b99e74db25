import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { roundSaveSchema, type RoundSaveInput } from '../../../src/shared/contract/rounds'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'

let t: TempCore
const clock = fixedClock('2025-10-09 09:00')
beforeEach(async () => (t = await tempCore({ clock })))
afterEach(() => t.cleanup())

/** A round of school year 115 as a person types it: ROC dates, full-width term digits. */
const round115: RoundSaveInput = {
  name: '115 學年度收訖明細確認',
  schoolYear: 115,
  terms: [
    { kind: 'course', term: '１１４２' },
    { kind: 'cadre', term: '1142' },
    { kind: 'outcome', term: '1141' },
  ],
  confirmStart: '115/10/06 08:00',
  confirmEnd: '115/10/15 17:00',
  fixStart: '115/10/16 00:00',
  fixEnd: '115/10/20 23:59:59',
  recheckStart: '115/10/21 08:00',
  recheckEnd: '115/10/22 10:30',
  disputeEnd: '2026-10-22 10:30',
  investigationDays: 4,
}

describe('rounds in 設定', () => {
  it('pre-fills a new round from the seed timeline shifted to its school year', async () => {
    const draft = await t.call('rounds.defaults', { schoolYear: 115 })
    expect(draft).toMatchObject({
      name: '115 學年度收訖明細確認', confirmStart: '2026-10-07 08:00:00', confirmEnd: '2026-10-16 17:00:00',
      recheckEnd: '2026-10-23 10:30:00', investigationDays: 3,
    })
    expect(draft.terms).toEqual([
      { kind: 'course', term: '1142' }, { kind: 'outcome', term: '1141' }, { kind: 'outcome', term: '1142' },
      { kind: 'performance', term: '1141' }, { kind: 'performance', term: '1142' }, { kind: 'cadre', term: '1142' },
    ])
  })

  it('refuses a change until the operator has a name', async () => {
    await expect(t.call('rounds.save', round115)).rejects.toThrow('請先到「設定」填寫您的姓名')
    expect(await t.call('rounds.list', {})).toHaveLength(1)
  })

  it('creates a round from ROC input and makes it current; the earlier round stays readable', async () => {
    await t.call('settings.update', { operatorName: '陳怡君' })
    const first = (await t.call('rounds.current', {})).round
    const saved = await t.call('rounds.save', round115)
    expect(saved).toMatchObject({
      schoolYear: 115, confirmStart: '2026-10-06 08:00:00', fixEnd: '2026-10-20 23:59:59', disputeEnd: '2026-10-22 10:30:00',
      investigationDays: 4, isCurrent: false, updatedBy: '陳怡君',
      terms: [{ kind: 'course', term: '1142' }, { kind: 'outcome', term: '1141' }, { kind: 'cadre', term: '1142' }],
    })
    expect((await t.call('rounds.current', {})).round.id).toBe(first.id)

    await t.call('rounds.setCurrent', { id: saved.id })
    const list = await t.call('rounds.list', {})
    expect(list.map((r) => [r.name, r.isCurrent])).toEqual([['115 學年度收訖明細確認', true], ['114 學年度收訖明細確認', false]])
    expect(list[1].terms).toHaveLength(6)
    expect((await t.call('rounds.current', {})).round.id).toBe(saved.id)
  })

  it('edits a round, replacing its terms', async () => {
    await t.call('settings.update', { operatorName: '陳怡君' })
    const current = (await t.call('rounds.current', {})).round
    const edited = await t.call('rounds.save', {
      ...round115, id: current.id, name: '114 收訖（延長）', schoolYear: 114,
      confirmStart: '114/10/07 08:00', confirmEnd: '114/10/17 17:00', fixStart: '114/10/18 00:00', fixEnd: '114/10/21 23:59:59',
      recheckStart: '114/10/22 08:00', recheckEnd: '114/10/23 10:30', disputeEnd: '114/10/23 10:30',
      terms: [{ kind: 'course', term: '1132' }, { kind: 'course', term: '1132' }],
    })
    expect(edited).toMatchObject({ id: current.id, name: '114 收訖（延長）', confirmEnd: '2025-10-17 17:00:00', isCurrent: true })
    expect(edited.terms).toEqual([{ kind: 'course', term: '1132' }])
  })

  it('says in zh-TW which window is out of order, and changes nothing', async () => {
    await t.call('settings.update', { operatorName: '陳怡君' })
    const before = await t.call('rounds.list', {})
    await expect(t.call('rounds.save', { ...round115, confirmEnd: '115/10/06 08:00' })).rejects.toThrow('「確認截止」須晚於「確認開始」')
    await expect(t.call('rounds.save', { ...round115, fixStart: '115/10/15 16:00' })).rejects.toThrow('「修正開始」不可早於「確認截止」')
    await expect(t.call('rounds.save', { ...round115, recheckEnd: '115/10/22 10:31' })).rejects.toThrow('「疑義反映截止」不可早於「複查截止」')
    await expect(t.call('rounds.save', { ...round115, fixEnd: '115/02/30 12:00' })).rejects.toThrow('「修正截止」請寫成 114/10/07 08:00 的格式')
    await expect(t.call('rounds.save', { ...round115, terms: [{ kind: 'course', term: '11423' }] })).rejects.toThrow('「11423」不是學期代碼')
    await expect(t.call('rounds.save', { ...round115, investigationDays: 0 })).rejects.toThrow('調查天數至少 1 天')
    await expect(t.call('rounds.save', { ...round115, id: 999 })).rejects.toThrow('找不到梯次（編號 999）')
    expect(await t.call('rounds.list', {})).toEqual(before)
  })

  it('tells the phase of the current round by core clock', async () => {
    clock.set('2025-10-16 16:59:59')
    expect((await t.call('rounds.current', {})).phase).toMatchObject({ phase: 'confirm', end: '2025-10-16 17:00:00' })
    clock.set('2025-10-16 17:00:00')
    const after = await t.call('rounds.current', {})
    expect(after).toMatchObject({ now: '2025-10-16 17:00:00', phase: { phase: 'afterConfirm' } })
    expect(after.schedule.map((s) => s.phase)).toEqual(['before', 'confirm', 'afterConfirm', 'fix', 'afterFix', 'recheck', 'after'])
    clock.set('2025-10-09 09:00')
  })
})

describe('round validation', () => {
  it('reports every problem at once: a bad term does not hide windows out of order', () => {
    const parsed = roundSaveSchema.safeParse({ ...round115, terms: [{ kind: 'course', term: 'x' }], confirmEnd: '115/10/06 08:00', fixEnd: 'soon' })
    expect(parsed.success).toBe(false)
    expect(parsed.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['terms.0.term', '「x」不是學期代碼，請寫成 1132（113 學年度第 2 學期）或 113（整學年）'],
      ['fixEnd', '「修正截止」請寫成 114/10/07 08:00 的格式'],
      ['confirmEnd', '「確認截止」須晚於「確認開始」'],
    ])
  })
})
