import { afterEach, expect, it } from 'vitest'
import { joinCore, tempCore, type TempCore } from '../../helpers/tempCore'

// On the school's server each PC keeps its own saved view of the queue: a colleague's filters
// never replace this PC's.

const cores: TempCore[] = []
afterEach(async () => {
  for (const c of cores.splice(0).reverse()) await c.cleanup()
})

it('each PC restores the view it saved itself', async () => {
  const first = await tempCore({ backend: 'postgres' })
  cores.push(first)
  const second = await joinCore(first)
  cores.push(second)
  await first.call('queue.saveView', { filter: { className: ['201'] }, sort: { column: 'age', direction: 'desc' } })
  expect(await second.call('queue.savedView', {})).toBeNull()
  await second.call('queue.saveView', { filter: { kind: ['cadre'] }, sort: { column: 'studentName', direction: 'asc' } })
  expect((await first.call('queue.savedView', {}))?.filter.className).toEqual(['201'])
  expect((await second.call('queue.savedView', {}))?.filter).toMatchObject({ kind: ['cadre'], className: [] })
})
