import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { item, triageCore } from '../triage/helpers'

// The queue's niceties (issue 12, item 5): the view a clerk last used comes back on this PC, and
// the queue shows how many items each colleague changed today.

let t: Awaited<ReturnType<typeof triageCore>>
beforeEach(async () => (t = await triageCore()))
afterEach(() => t.cleanup())

describe('the saved view', () => {
  it('is none at first, and then the filters and sort last saved, without the search text', async () => {
    expect(await t.call('queue.savedView', {})).toBeNull()
    await t.call('queue.saveView', {
      filter: { section: ['registration'], className: ['201'], status: ['new', 'checking'] },
      sort: { column: 'className', direction: 'asc' },
    })
    const view = await t.call('queue.savedView', {})
    expect(view?.filter).toMatchObject({ section: ['registration'], className: ['201'], status: ['new', 'checking'], kind: [] })
    expect(view?.filter).not.toHaveProperty('search')
    expect(view?.sort).toEqual({ column: 'className', direction: 'asc' })
  })
})

describe('the count of items each colleague changed today', () => {
  it('counts each item once per colleague, today only, without undone steps or notes', async () => {
    const [a, b, c] = [await item(t), await item(t), await item(t)]
    await t.call('triage.decide', { target: { items: [{ id: a.id, version: 1 }, { id: b.id, version: 1 }] }, to: 'checking' })
    await t.call('triage.decide', { target: { items: [{ id: a.id, version: 2 }] }, to: 'corrected' })
    await t.call('settings.update', { operatorName: '王大同' })
    await t.call('triage.note', { target: { items: [{ id: c.id, version: 1 }] }, body: '待回電' })
    expect(await t.call('queue.colleaguesToday', {})).toEqual([{ operator: '陳怡君', items: 2 }])
    await t.call('triage.decide', { target: { items: [{ id: c.id, version: 1 }] }, to: 'corrected' })
    await t.call('triage.decide', { target: { items: [{ id: b.id, version: 2 }] }, to: 'corrected' })
    await t.call('triage.undo', {})
    expect(await t.call('queue.colleaguesToday', {})).toEqual([{ operator: '陳怡君', items: 2 }, { operator: '王大同', items: 1 }])
    // The next morning the counts start again.
    t.clock.set('2025-10-19 08:00')
    expect(await t.call('queue.colleaguesToday', {})).toEqual([])
  })
})
