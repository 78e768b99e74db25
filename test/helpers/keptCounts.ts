import { expect } from 'vitest'
import type { Core } from '../../src/core'
import { rows, value } from './dbRows'

// The tables triggers keep (migrations 0003, 0005 and 0011) recomputed from report_items and
// students, here in the test (the counts by a GROUP BY, the search grams in plain JS): what the
// queue's counts and search must agree with, on either backend.

const FACETS = `ri.section, ri.status, ri.kind, ri.term, ri.error_type, coalesce(ri.vanished_at, '') AS vanished_at,
  coalesce(ri.source_changed_at, '') AS source_changed_at`

const RECOMPUTED = {
  report_item_facet_counts: `SELECT ${FACETS}, count(*) AS n FROM report_items ri GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`,
  report_item_class_counts: `SELECT s.class_name, ${FACETS}, count(*) AS n
    FROM report_items ri JOIN students s ON s.id = ri.student_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
  report_item_hint_counts: `SELECT ${FACETS}, coalesce(ri.hint_state, 'none') AS hint_state, count(*) AS n
    FROM report_items ri GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
} as const

const KEPT = {
  report_item_facet_counts: 'SELECT * FROM report_item_facet_counts ORDER BY 1, 2, 3, 4, 5, 6, 7',
  report_item_class_counts: 'SELECT * FROM report_item_class_counts ORDER BY 1, 2, 3, 4, 5, 6, 7, 8',
  report_item_hint_counts: 'SELECT * FROM report_item_hint_counts ORDER BY 1, 2, 3, 4, 5, 6, 7, 8',
} as const

/**
 * Each pair of adjacent characters of each item's reason, ASCII letters lower-cased (as LIKE
 * compares), the reason padded with a space so its last character starts a gram: `gram|item`.
 */
export async function recomputedGrams(t: { core: Core }): Promise<string[]> {
  const grams = new Set<string>()
  for (const { id, reason } of await rows<{ id: number; reason: string }>(t, 'SELECT id, reason FROM report_items')) {
    const chars = Array.from(`${reason.replace(/[A-Z]/g, (c) => c.toLowerCase())} `)
    for (let i = 0; i + 1 < chars.length; i++) grams.add(`${chars[i]}${chars[i + 1]}|${id}`)
  }
  return [...grams].sort()
}

export const keptGrams = async (t: { core: Core }) =>
  (await rows<{ gram: string; item_id: number }>(t, 'SELECT gram, item_id FROM report_item_search_grams')).map((r) => `${r.gram}|${r.item_id}`).sort()

/** Each kept table holds exactly what report_items say it should (and something, when there are items). */
export async function expectKeptCountsExact(t: { core: Core }): Promise<void> {
  const items = await value(t, 'SELECT count(*) AS n FROM report_items')
  for (const table of Object.keys(KEPT) as (keyof typeof KEPT)[]) {
    const kept = await rows(t, KEPT[table])
    expect(kept, table).toEqual(await rows(t, RECOMPUTED[table]))
    expect(kept.length > 0, `${table} holds rows`).toBe(items > 0)
  }
  const grams = await keptGrams(t)
  expect(grams, 'report_item_search_grams').toEqual(await recomputedGrams(t))
  expect(grams.length > 0, 'report_item_search_grams holds rows').toBe(items > 0)
}
