import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evolveSchool, generateSchool, writeSchoolFiles } from '../../fixtures/school'
import { importFiles, writeSchool } from '../../helpers/schoolImport'
import { fixedClock, tempCore, tempDir, type TempCore } from '../../helpers/tempCore'
import { row, rows, value as scalar } from '../../helpers/dbRows'
import { keptGrams, recomputedGrams } from '../../helpers/keptCounts'

// The queue over data the importer wrote: today's export, triage, then tomorrow's export
// (new reports, changed reasons, vanished ones). The facet counts the DB keeps by trigger
// stay exact whoever writes, and "new or changed since the last import" means that import's.

let t: TempCore
const clock = fixedClock('2025-10-16 08:00')
const live = () =>
  rows(t, `SELECT section, status, kind, term, error_type, coalesce(vanished_at, '') AS vanished_at,
    coalesce(source_changed_at, '') AS source_changed_at, count(*) AS n FROM report_items GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`)
const kept = () =>
  rows(t, `SELECT section, status, kind, term, error_type, vanished_at, source_changed_at, n
    FROM report_item_facet_counts ORDER BY 1, 2, 3, 4, 5, 6, 7`)
// Migration 0005's tables, recomputed here from the items and students.
const keptByClass = () =>
  rows(t, `SELECT class_name, section, status, kind, term, error_type, vanished_at, source_changed_at, n
    FROM report_item_class_counts ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`)
const liveByClass = () =>
  rows(t, `SELECT s.class_name, ri.section, ri.status, ri.kind, ri.term, ri.error_type, coalesce(ri.vanished_at, '') AS vanished_at,
    coalesce(ri.source_changed_at, '') AS source_changed_at, count(*) AS n
    FROM report_items ri JOIN students s ON s.id = ri.student_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`)
const count = (where: string) => scalar(t, `SELECT count(*) AS n FROM report_items WHERE ${where}`)

beforeAll(async () => {
  t = await tempCore({ clock })
  await t.call('settings.update', { operatorName: '陳怡君' })
}, 60_000)
afterAll(() => t.cleanup())

describe('the queue over imported data', () => {
  it('keeps its facet counts exact through an import, triage and tomorrow\'s re-import', async () => {
    const today = await writeSchool(generateSchool({ students: 300 }))
    await importFiles(t, today.files)
    expect(await count('true')).toBeGreaterThan(50)
    expect(await kept()).toEqual(await live())
    expect(await keptByClass()).toEqual(await liveByClass())
    expect(await keptGrams(t)).toEqual(await recomputedGrams(t))

    // Triage in between: a bulk decision through core.
    const pending = await t.call('queue.list', { filter: { section: ['registration'] }, limit: 20 })
    await t.call('triage.decide', { target: { items: pending.rows.map((r) => ({ id: r.id, version: r.version })) }, to: 'checking' })
    expect(await kept()).toEqual(await live())
    expect(await keptByClass()).toEqual(await liveByClass())

    clock.set('2025-10-17 08:00')
    const evolved = evolveSchool(today.school)
    const files = await writeSchoolFiles(evolved.school, join(tempDir('school-next-'), 'files'))
    // The morning's three files, minutes apart, are "the last import" together.
    for (const [at, key] of [['08:00', 'confirmationsWide'], ['08:05', 'confirmationsWideCsv'], ['08:10', 'problemList']] as const) {
      clock.set(`2025-10-17 ${at}`)
      await importFiles(t, files, [key])
    }
    expect(await kept()).toEqual(await live())
    expect(await keptByClass()).toEqual(await liveByClass())
    expect(await keptGrams(t)).toEqual(await recomputedGrams(t))

    // 「上次匯入後新增或變更」 and 「已消失」 count what tomorrow's export added, changed and dropped.
    const facets = await t.call('queue.facets', { filter: {} })
    const value = (facet: 'changed' | 'vanished') => facets.facets[facet].find((v) => v.value === 'yes')!.count
    expect(value('changed')).toBe(await count(`source_changed_at >= '2025-10-17 08:00:00'`))
    // Items the first file changed count too, not only the last file's.
    expect(await count(`source_changed_at = '2025-10-17 08:00:00'`)).toBeGreaterThan(0)
    expect(value('changed')).toBeGreaterThan(await count(`source_changed_at >= '2025-10-17 08:10:00'`))
    expect(value('vanished')).toBe(await count('vanished_at IS NOT NULL'))
    expect(facets.total).toBe(await count('true'))
    // A reason tomorrow's export changed is found by its new words, and the class facet counts it.
    const changed = await row<{ reason: string; class_name: string }>(t, `SELECT ri.reason, s.class_name FROM report_items ri JOIN students s ON s.id = ri.student_id
      WHERE ri.source_changed_at >= '2025-10-17 08:00:00' AND ri.first_batch_id < ri.last_batch_id AND length(ri.reason) >= 2 ORDER BY ri.id LIMIT 1`)
    expect(changed).toBeDefined()
    const word = Array.from(changed!.reason).slice(-2).join('')
    const found = await t.call('queue.facets', { filter: { search: word } })
    const like = `%${word}%`
    // LIKE folds ASCII letters on SQLite, not on a server: lower() on both sides folds them on both.
    const want = await scalar(t, `SELECT count(*) AS n FROM report_items WHERE lower(reason) LIKE lower(?) OR student_id IN
      (SELECT id FROM students WHERE lower(name) LIKE lower(?) OR lower(student_no) LIKE lower(?))`, like, like, like)
    expect(found.total).toBe(want)
    expect(found.facets.className.find((c) => c.value === changed!.class_name)!.count).toBeGreaterThan(0)
    // The triage survived the re-import.
    expect(await count(`status = 'checking'`)).toBe(20)
  })
})
