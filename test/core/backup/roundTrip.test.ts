import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { QueueFilterInput } from '../../../src/shared/contract/queue'
import { evolveSchool, writeSchoolFiles, type SchoolFiles } from '../../fixtures/school'
import { expectKeptCountsExact } from '../../helpers/keptCounts'
import { dump, importFiles, writeSchool } from '../../helpers/schoolImport'
import { fixedClock, tempCore, tempDir, type TempCore } from '../../helpers/tempCore'

// The fixture school after a day's work — imports, decisions, replies, notes, an undo — then
// tomorrow's exports (the import takes a backup of that day's state) and more work; restoring
// that backup brings back every table as it was, and with it the queue's counts and search.

let t: TempCore
let tomorrow: SchoolFiles
const clock = fixedClock('2025-10-18 10:00')

/** The items as the queue lists them, oldest report first. */
async function queued(filter: QueueFilterInput = {}) {
  return (await t.call('queue.list', { filter, limit: 5000 })).rows
}
const ref = (row: { id: number; version: number }) => ({ id: row.id, version: row.version })

/** What a clerk sees: every facet's counts, the piles, and what some searches find. */
async function queueView() {
  const searches = ['數學', '國文', '了', '班長']
  return {
    facets: await t.call('queue.facets', {}),
    search: await Promise.all(searches.map(async (search) => (await queued({ search })).map((r) => r.id))),
    pending: (await queued({ status: ['new', 'checking'] })).map((r) => `${r.id}:${r.status}:${r.version}`),
  }
}

beforeAll(async () => {
  const today = await writeSchool()
  tomorrow = await writeSchoolFiles(evolveSchool(today.school).school, join(tempDir('school-next-'), 'files'))
  t = await tempCore({ clock })
  await t.call('settings.update', { operatorName: '陳怡君', section: 'registration' })
  await importFiles(t, today.files, ['roster', 'confirmationsWide', 'confirmationsWideCsv', 'problemList', 'course', 'cadre'])

  // A day's triage: decisions, a reply, a note, and one step undone.
  const rows = await queued()
  await t.call('triage.decide', { target: { items: rows.slice(0, 9).map(ref) }, to: 'checking' })
  await t.call('triage.decide', { target: { items: (await queued({ status: ['checking'] })).slice(0, 4).map(ref) }, to: 'corrected' })
  await t.call('triage.decide', { target: { items: rows.slice(9, 11).map(ref) }, to: 'noChange', resolution: 'studentSelection' })
  const fresh = await queued()
  await t.call('triage.reply', { target: { items: fresh.slice(0, 3).map(ref) }, reply: '已請註冊組查核，將於 10/21 前更正。' })
  await t.call('triage.note', { target: { items: [ref(fresh[3])] }, body: '已電話聯絡導師' })
  await t.call('triage.decide', { target: { items: (await queued({ status: ['new'] })).slice(20, 23).map(ref) }, to: 'checking' })
  await t.call('triage.undo', {})
}, 240_000)
afterAll(() => t.cleanup())

describe('a restore on the fixture school', () => {
  it('brings back every table, the queue\'s counts and its search as they were when the backup was taken', async () => {
    const before = await dump(t)
    const view = await queueView()
    expect(view.search.map((ids) => ids.length > 0)).toEqual([true, true, true, true])
    await expectKeptCountsExact(t)

    // Tomorrow's exports: the import backs up the state above, then adds, updates and flags items.
    clock.set('2025-10-18 11:00')
    const summary = (await importFiles(t, tomorrow, ['confirmationsWide'])).confirmationsWide!
    expect(summary.backup).not.toBeNull()
    // More work on the new state.
    const rows = await queued()
    await t.call('triage.decide', { target: { items: rows.filter((r) => r.status === 'new').slice(0, 10).map(ref) }, to: 'checking' })
    await t.call('triage.note', { target: { items: [ref((await queued())[0])] }, body: '學生到處室說明' })
    expect(await dump(t)).not.toEqual(before)
    expect(await queueView()).not.toEqual(view)

    clock.set('2025-10-18 12:00')
    await t.call('backups.restore', { name: summary.backup! })
    expect(await dump(t)).toEqual(before)
    await expectKeptCountsExact(t)
    expect(await queueView()).toEqual(view)
  })
})
