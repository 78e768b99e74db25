import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeWorkbook } from '../../../src/core/export/write'
import { DEFAULT_ROUTING, SECTIONS, type Section } from '../../../src/shared/domain'
import { allText, readBook } from '../export/helpers'
import { seedDashboardSchool } from '../../helpers/seedDashboard'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { sqliteOf } from '../../helpers/sqliteOf'

// 設定 → 負責組別: moving a kind to another section moves its existing items too, so that the
// queue, 總覽 and the exports, which all go by the items' section, agree with the setting.

let t: TempCore
beforeEach(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-18 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君' })
  const { round } = await t.call('rounds.current', {})
  await seedDashboardSchool(t.core.ctx.db, { roundId: round.id, classesPerGrade: 2, studentsPerClass: 30, reportRate: 0.15, seed: 8 })
})
afterEach(() => t.cleanup())

const inDb = (where: string) => (sqliteOf(t.core).prepare(`SELECT count(*) FROM report_items WHERE ${where}`).pluck().get() as number)
const cadreToActivities = { ...DEFAULT_ROUTING, cadre: 'activities' as Section }

describe('changing a kind’s section in 設定', () => {
  it('moves its existing items too: the queue, 總覽 and the exports then agree with the setting', async () => {
    const cadre = inDb(`kind = 'cadre'`)
    const activities = inDb(`section = 'activities'`)
    expect(cadre).toBeGreaterThan(0)
    await t.call('settings.update', { routing: cadreToActivities, confirmedMoves: cadre })

    const bySection = Object.fromEntries(SECTIONS.map((s) => [s, inDb(`section = '${s}'`)]))
    expect(bySection).toMatchObject({ activities: activities + cadre, studentAffairs: 0 })
    // The queue: its section facet and its list.
    const facets = await t.call('queue.facets', {})
    expect(Object.fromEntries(facets.facets.section.map((f) => [f.value, f.count]))).toEqual(bySection)
    expect((await t.call('queue.list', { filter: { section: ['activities'], kind: ['cadre'] } })).total).toBe(cadre)
    // 總覽: each section's items.
    const overview = await t.call('dashboard.overview', {})
    expect(Object.fromEntries(overview.sections.map((s) => [s.section, s.total]))).toEqual(bySection)
    // The exports: 學務處社團活動組's work list holds the cadre items, and its summary counts them.
    const list = await writeWorkbook(t.core.ctx, { workbook: 'worklist', section: 'activities', includeFullNationalId: false }, join(t.dir, 'a.xlsx'))
    expect(list.rows).toBe(bySection.activities)
    const summary = await writeWorkbook(t.core.ctx, { workbook: 'summary', section: 'activities', includeFullNationalId: false }, join(t.dir, 's.xlsx'))
    const page = allText((await readBook(summary.path)).getWorksheet('進度摘要')!)
    expect(page).toContain('幹部經歷 1132')
    const trainingList = await writeWorkbook(t.core.ctx, { workbook: 'worklist', section: 'studentAffairs', includeFullNationalId: false }, join(t.dir, 'b.xlsx'))
    expect(trainingList.rows).toBe(0)
  })
})

describe('a routing change as one step', () => {
  const cadreIds = () => sqliteOf(t.core).prepare(`SELECT id FROM report_items WHERE kind = 'cadre' ORDER BY id`).pluck().all() as number[]
  const snapshot = () => ({
    routing: sqliteOf(t.core).prepare(`SELECT value FROM settings WHERE key = 'routing'`).pluck().get() ?? null,
    items: sqliteOf(t.core).prepare('SELECT id, section, version, updated_at, updated_by FROM report_items ORDER BY id').all(),
    history: sqliteOf(t.core).prepare('SELECT count(*) FROM item_history').pluck().get(),
    steps: sqliteOf(t.core).prepare('SELECT count(*) FROM change_steps').pluck().get(),
  })

  it('says first how many items will move, and refuses to move them unconfirmed or at another count, changing nothing', async () => {
    const n = cadreIds().length
    expect(await t.call('settings.routingMoves', { routing: cadreToActivities })).toEqual([{ kind: 'cadre', to: 'activities', items: n }])
    expect(await t.call('settings.routingMoves', { routing: DEFAULT_ROUTING })).toEqual([])
    const before = snapshot()
    await expect(t.call('settings.update', { routing: cadreToActivities, schoolName: '臺北市立示範高級中學' }))
      .rejects.toThrow(`變更負責組別會移動既有的回報項目：將 ${n} 筆「幹部經歷」回報項目改由 學務處社團活動組 處理。請確認後再儲存。`)
    // Confirmed at a count an import has since changed.
    await expect(t.call('settings.update', { routing: cadreToActivities, confirmedMoves: n - 1 }))
      .rejects.toThrow(`（確認時為 ${n - 1} 筆）。請再確認一次；這次沒有變更任何資料。`)
    expect(snapshot()).toEqual(before)
    expect((await t.call('settings.get', {})).schoolName).toBe('')
  })

  it('records the move in each item’s history — 負責組別 old → new, who, when — and bumps its version', async () => {
    const [first] = cadreIds()
    const version = (await t.call('triage.item', { id: first })).item.version
    await t.call('settings.update', { operatorName: '許雅婷' })
    await t.call('settings.update', { routing: cadreToActivities, confirmedMoves: cadreIds().length })
    const detail = await t.call('triage.item', { id: first })
    expect(detail.item).toMatchObject({ section: 'activities', version: version + 1, updatedBy: '許雅婷' })
    expect(detail.history[0]).toMatchObject({
      field: 'section', oldValue: 'studentAffairs', newValue: 'activities', operator: '許雅婷', at: '2025-10-18 09:00:00',
      stepLabel: '負責組別：幹部經歷改由學務處社團活動組處理',
    })
    // A window still showing the item before the move is refused, as for any change.
    await expect(t.call('triage.decide', { target: { items: [{ id: first, version }] }, to: 'checking' })).rejects.toThrow()
  })

  it('is one step: undo puts the items and the setting back together', async () => {
    const before = snapshot()
    await t.call('settings.update', { routing: cadreToActivities, confirmedMoves: cadreIds().length })
    const step = await t.call('triage.lastStep', {})
    expect(step).toMatchObject({ itemCount: cadreIds().length, operator: '陳怡君' })
    await t.call('triage.undo', {})
    expect((await t.call('settings.get', {})).routing).toEqual(DEFAULT_ROUTING)
    expect(inDb(`kind = 'cadre' AND section != 'studentAffairs'`)).toBe(0)
    const after = snapshot()
    expect(after.history).toBe(before.history)
    // Versions move on (a window that read the moved item is refused); all else as it was.
    const strip = (s: typeof before) => (s.items as { version: number }[]).map(({ version: _v, ...rest }) => rest)
    expect(strip(after)).toEqual(strip(before))
  })

  it('refuses undo once items have come in under the new routing, changing nothing', async () => {
    await t.call('settings.update', { routing: cadreToActivities, confirmedMoves: cadreIds().length })
    // The next import adds a cadre item, routed as 設定 now says.
    sqliteOf(t.core).exec(`INSERT INTO report_items (confirmation_id, student_id, kind, term, section, error_type, reason,
        reported_at, first_batch_id, last_batch_id, created_at, updated_at)
      SELECT id, student_id, kind, term, 'activities', 'wrong', '職稱錯誤', '2025-10-18 08:00:00', first_batch_id,
        last_batch_id, '2025-10-18 08:30:00', '2025-10-18 08:30:00' FROM confirmations WHERE kind = 'cadre' AND state = 'correct' LIMIT 1`)
    const before = snapshot()
    await expect(t.call('triage.undo', {})).rejects.toThrow('之後又有 1 筆「幹部經歷」回報項目（例如其後匯入的）不在原本的組別。請到「設定」直接把負責組別改回。')
    expect(snapshot()).toEqual(before)
  })

  it('moves nothing and asks nothing for a kind with no items, and leaves no step to undo', async () => {
    sqliteOf(t.core).exec(`DELETE FROM report_items WHERE kind = 'cadre'`)
    await t.call('settings.update', { routing: cadreToActivities })
    expect((await t.call('settings.get', {})).routing.cadre).toBe('activities')
    expect(await t.call('triage.lastStep', {})).toBeNull()
  })
})
