import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evolveSchool, generateSchool, writeSchoolFiles } from '../../fixtures/school'
import { importFiles, writeSchool } from '../../helpers/schoolImport'
import { fixedClock, tempCore, tempDir, type TempCore } from '../../helpers/tempCore'
import { sqliteOf } from '../../helpers/sqliteOf'

// The queue over data the importer wrote: today's export, triage, then tomorrow's export
// (new reports, changed reasons, vanished ones). The facet counts the DB keeps by trigger
// stay exact whoever writes, and "new or changed since the last import" means that import's.

let t: TempCore
const clock = fixedClock('2025-10-16 08:00')
const live = () =>
  sqliteOf(t.core).prepare(`SELECT section, status, kind, term, error_type, coalesce(vanished_at, '') AS vanished_at,
    coalesce(source_changed_at, '') AS source_changed_at, count(*) AS n FROM report_items GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`).all()
const kept = () =>
  sqliteOf(t.core).prepare(`SELECT section, status, kind, term, error_type, vanished_at, source_changed_at, n
    FROM report_item_facet_counts ORDER BY 1, 2, 3, 4, 5, 6, 7`).all()
// Migration 0005's tables, recomputed here from the items and students.
const keptByClass = () =>
  sqliteOf(t.core).prepare(`SELECT class_name, section, status, kind, term, error_type, vanished_at, source_changed_at, n
    FROM report_item_class_counts ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`).all()
const liveByClass = () =>
  sqliteOf(t.core).prepare(`SELECT s.class_name, ri.section, ri.status, ri.kind, ri.term, ri.error_type, coalesce(ri.vanished_at, '') AS vanished_at,
    coalesce(ri.source_changed_at, '') AS source_changed_at, count(*) AS n
    FROM report_items ri JOIN students s ON s.id = ri.student_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`).all()
const gramsExact = () => {
  const items = sqliteOf(t.core).prepare('SELECT id, reason FROM report_items').all() as { id: number; reason: string }[]
  const want = new Set<string>()
  for (const { id, reason } of items) {
    const chars = Array.from(`${reason.replace(/[A-Z]/g, (c) => c.toLowerCase())} `)
    for (let i = 0; i + 1 < chars.length; i++) want.add(`${chars[i]}${chars[i + 1]}|${id}`)
  }
  const kept = (sqliteOf(t.core).prepare(`SELECT gram || '|' || item_id AS g FROM report_item_search_grams`).all() as { g: string }[]).map((r) => r.g)
  return kept.length === want.size && kept.every((g) => want.has(g))
}
const count = (where: string) => (sqliteOf(t.core).prepare(`SELECT count(*) AS n FROM report_items WHERE ${where}`).get() as { n: number }).n

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
    expect(keptByClass()).toEqual(liveByClass())
    expect(gramsExact()).toBe(true)

    // Triage in between: a bulk decision through core.
    const pending = await t.call('queue.list', { filter: { section: ['registration'] }, limit: 20 })
    await t.call('triage.decide', { target: { items: pending.rows.map((r) => ({ id: r.id, version: r.version })) }, to: 'checking' })
    expect(kept()).toEqual(live())
    expect(keptByClass()).toEqual(liveByClass())

    clock.set('2025-10-17 08:00')
    const evolved = evolveSchool(today.school)
    const files = await writeSchoolFiles(evolved.school, join(tempDir('school-next-'), 'files'))
    // The morning's three files, minutes apart, are "the last import" together.
    for (const [at, key] of [['08:00', 'confirmationsWide'], ['08:05', 'confirmationsWideCsv'], ['08:10', 'problemList']] as const) {
      clock.set(`2025-10-17 ${at}`)
      await importFiles(t, files, [key])
    }
    expect(kept()).toEqual(live())
    expect(keptByClass()).toEqual(liveByClass())
    expect(gramsExact()).toBe(true)

    // 「上次匯入後新增或變更」 and 「已消失」 count what tomorrow's export added, changed and dropped.
    const facets = await t.call('queue.facets', { filter: {} })
    const value = (facet: 'changed' | 'vanished') => facets.facets[facet].find((v) => v.value === 'yes')!.count
    expect(value('changed')).toBe(count(`source_changed_at >= '2025-10-17 08:00:00'`))
    // Items the first file changed count too, not only the last file's.
    expect(count(`source_changed_at = '2025-10-17 08:00:00'`)).toBeGreaterThan(0)
    expect(value('changed')).toBeGreaterThan(count(`source_changed_at >= '2025-10-17 08:10:00'`))
    expect(value('vanished')).toBe(count('vanished_at IS NOT NULL'))
    expect(facets.total).toBe(count('1'))
    // A reason tomorrow's export changed is found by its new words, and the class facet counts it.
    const changed = sqliteOf(t.core).prepare(`SELECT ri.reason, s.class_name FROM report_items ri JOIN students s ON s.id = ri.student_id
      WHERE ri.source_changed_at >= '2025-10-17 08:00:00' AND ri.first_batch_id < ri.last_batch_id AND length(ri.reason) >= 2 LIMIT 1`)
      .get() as { reason: string; class_name: string } | undefined
    expect(changed).toBeDefined()
    const word = Array.from(changed!.reason).slice(-2).join('')
    const found = await t.call('queue.facets', { filter: { search: word } })
    const like = `%${word}%`
    const want = sqliteOf(t.core).prepare(`SELECT count(*) AS n FROM report_items WHERE reason LIKE ? OR student_id IN
      (SELECT id FROM students WHERE name LIKE ? OR student_no LIKE ?)`).get(like, like, like) as { n: number }
    expect(found.total).toBe(want.n)
    expect(found.facets.className.find((c) => c.value === changed!.class_name)!.count).toBeGreaterThan(0)
    // The triage survived the re-import.
    expect(count(`status = 'checking'`)).toBe(20)
  })
})
