import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HINT_STATES } from '../../../src/shared/hints'
import type { School } from '../../fixtures/school'
import { importFiles, writeSchool } from '../../helpers/schoolImport'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'

// Hints from the records, measured: the fixture school imported as staff would, its labelled
// reports (test/fixtures/school/hintLabels.ts — written right, wrong and unrecognisable about
// the student's records, each with the hint it should get) compared with the hints core stored.
// A hint claims that the records hold or lack something: it must be right in ≥ 95% of cases.

let school: School
let t: TempCore
let stored: Map<string, { id: number; state: string | null; text: string | null }>

beforeAll(async () => {
  const written = await writeSchool()
  school = written.school
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君', section: 'registration' })
  await importFiles(t, written.files)
  const rows = await sql<{ key: string; id: number; hint_state: string | null; hint: string | null }>`SELECT
      s.student_no || '|' || ri.kind || '|' || ri.term || '|' || ri.error_type AS key, ri.id, ri.hint_state, ri.hint
    FROM report_items ri JOIN students s ON s.id = ri.student_id`.execute(t.core.ctx.db)
  stored = new Map(rows.rows.map((r) => [r.key, { id: r.id, state: r.hint_state, text: r.hint }]))
}, 300_000)
afterAll(() => t.cleanup())

describe('hints on the labelled reports of the fixture school', () => {
  it('are right in at least 95% of the cases where they claim something, and printed with their recall', () => {
    let claims = 0
    let rightClaims = 0
    let expected = 0
    let found = 0
    const misses: string[] = []
    for (const label of school.hintLabels) {
      const hint = stored.get(label.key)!
      const claim = hint.state === 'present' || hint.state === 'absent' || hint.state === 'mixed'
      const right = label.expected !== null && hint.state === label.expected.state && hint.text === label.expected.text
      if (claim) {
        claims += 1
        if (right) rightClaims += 1
      }
      if (label.expected) {
        expected += 1
        if (right) found += 1
      }
      if (!right && (claim || label.expected)) misses.push(`${label.key}: 「${reasonOf(label.key)}」 → ${hint.text ?? 'none'}; expected ${label.expected?.text ?? 'none'}`)
    }
    const precision = rightClaims / claims
    const recall = found / expected
    console.log(`hints on ${school.hintLabels.length} labelled reports: ${claims} claims, precision ${(precision * 100).toFixed(1)}% ` +
      `(${rightClaims}/${claims}); recall ${(recall * 100).toFixed(1)}% (${found}/${expected})` +
      (misses.length ? `\nwrong or missing:\n${misses.join('\n')}` : ''))
    expect(claims).toBeGreaterThan(100)
    expect(precision).toBeGreaterThanOrEqual(0.95)
    expect(recall).toBeGreaterThan(0.8)
  })

  it('gives no hint to a reason naming nothing, and a hint state to every item', () => {
    for (const label of school.hintLabels.filter((l) => l.truth === 'unrecognisable')) {
      expect(stored.get(label.key), `${label.key}: ${reasonOf(label.key)}`).toMatchObject({ state: 'none', text: null })
    }
    for (const hint of stored.values()) expect(HINT_STATES).toContain(hint.state)
  })

  it('filters the queue to the items whose records already hold what the student says is missing, counted in the 提示 facet', async () => {
    const wrongMissing = school.hintLabels.filter((l) => l.truth === 'wrong' && l.expected?.state === 'present')
    const filter = { hint: ['present' as const], errorType: ['missing' as const] }
    const page = await t.call('queue.list', { filter, limit: 500 })
    expect(page.rows.length).toBe(page.total)
    expect(page.rows.every((r) => r.errorType === 'missing' && r.hintState === 'present' && r.hint!.startsWith('資料中已有'))).toBe(true)
    const listed = new Set(page.rows.map((r) => r.id))
    const labelled = wrongMissing.filter((l) => stored.get(l.key)!.state === 'present')
    expect(labelled.length).toBeGreaterThan(5)
    for (const l of labelled) expect(listed.has(stored.get(l.key)!.id)).toBe(true)
    const facets = await t.call('queue.facets', { filter: { errorType: ['missing'] } })
    const inDb = [...stored.entries()].filter(([key, h]) => key.endsWith('|missing') && h.state === 'present').length
    expect(facets.facets.hint.find((v) => v.value === 'present')?.count).toBe(inDb)
    expect(inDb).toBe(page.total)
  })
})

function reasonOf(key: string): string {
  const [studentNo, kind, term, errorType] = key.split('|')
  const c = school.confirmations.find((x) => x.studentNo === studentNo && x.kind === kind && x.term === term)!
  return c.reports.find((r) => r.errorType === errorType)!.reason
}
