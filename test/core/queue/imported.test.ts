import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evolveSchool, generateSchool, writeSchoolFiles } from '../../fixtures/school'
import { importFiles, writeSchool } from '../../helpers/schoolImport'
import { fixedClock, tempCore, tempDir, type TempCore } from '../../helpers/tempCore'

// The queue over data the importer wrote: today's export, triage, then tomorrow's export
// (new reports, changed reasons, vanished ones). The facet counts the DB keeps by trigger
// stay exact whoever writes, and "new or changed since the last import" means that import's.

let t: TempCore
const clock = fixedClock('2025-10-16 08:00')
const live = () =>
  t.core.ctx.sqlite.prepare(`SELECT section, status, kind, term, error_type, coalesce(vanished_at, '') AS vanished_at,
    coalesce(source_changed_at, '') AS source_changed_at, count(*) AS n FROM report_items GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`).all()
const kept = () =>
  t.core.ctx.sqlite.prepare(`SELECT section, status, kind, term, error_type, vanished_at, source_changed_at, n
    FROM report_item_facet_counts ORDER BY 1, 2, 3, 4, 5, 6, 7`).all()
const count = (where: string) => (t.core.ctx.sqlite.prepare(`SELECT count(*) AS n FROM report_items WHERE ${where}`).get() as { n: number }).n

beforeAll(async () => {
  t = await tempCore({ clock })
  await t.call('settings.update', { operatorName: '陳怡君' })
}, 60_000)
afterAll(() => t.cleanup())

describe('the queue over imported data', () => {
  it('keeps its facet counts exact through an import, triage and tomorrow\'s re-import', async () => {
    const today = await writeSchool(generateSchool({ students: 300 }))
    await importFiles(t, today.files)
    expect(count('1')).toBeGreaterThan(50)
    expect(kept()).toEqual(live())

    // Triage in between: a bulk decision through core.
    const pending = await t.call('queue.list', { filter: { section: ['registration'] }, limit: 20 })
    await t.call('triage.decide', { target: { items: pending.rows.map((r) => ({ id: r.id, version: r.version })) }, to: 'checking' })
    expect(kept()).toEqual(live())

    clock.set('2025-10-17 08:00')
    const evolved = evolveSchool(today.school)
    const files = await writeSchoolFiles(evolved.school, join(tempDir('school-next-'), 'files'))
    await importFiles(t, files, ['confirmationsWide', 'confirmationsWideCsv', 'problemList'])
    expect(kept()).toEqual(live())

    // 「上次匯入後新增或變更」 and 「已消失」 count what tomorrow's export added, changed and dropped.
    const facets = await t.call('queue.facets', { filter: {} })
    const value = (facet: 'changed' | 'vanished') => facets.facets[facet].find((v) => v.value === 'yes')!.count
    expect(value('changed')).toBe(count(`source_changed_at >= '2025-10-17 08:00:00'`))
    expect(value('changed')).toBeGreaterThan(0)
    expect(value('vanished')).toBe(count('vanished_at IS NOT NULL'))
    expect(facets.total).toBe(count('1'))
    // The triage survived the re-import.
    expect(count(`status = 'checking'`)).toBe(20)
  })
})
