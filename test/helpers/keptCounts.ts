import { expect } from 'vitest'
import type { TempCore } from './tempCore'
import { sqliteOf } from './sqliteOf'

// The tables triggers keep (migrations 0003, 0005 and 0011) recomputed from report_items, the way
// the migrations first filled them: what the queue's counts and search must agree with.

const FACETS = `ri.section, ri.status, ri.kind, ri.term, ri.error_type, coalesce(ri.vanished_at, '') AS vanished_at,
  coalesce(ri.source_changed_at, '') AS source_changed_at`

const RECOMPUTED = {
  report_item_facet_counts: `SELECT ${FACETS}, count(*) AS n FROM report_items ri GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`,
  report_item_class_counts: `SELECT s.class_name, ${FACETS}, count(*) AS n
    FROM report_items ri JOIN students s ON s.id = ri.student_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
  report_item_hint_counts: `SELECT ${FACETS}, coalesce(ri.hint_state, 'none') AS hint_state, count(*) AS n
    FROM report_items ri GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
  report_item_search_grams: `SELECT DISTINCT substr(lower(ri.reason) || ' ', p.key + 1, 2) AS gram, ri.id AS item_id
    FROM report_items ri, json_each('[' || substr(replace(hex(zeroblob(length(ri.reason))), '00', ',0'), 2) || ']') p ORDER BY 1, 2`,
} as const

const KEPT = {
  report_item_facet_counts: 'SELECT * FROM report_item_facet_counts ORDER BY 1, 2, 3, 4, 5, 6, 7',
  report_item_class_counts: 'SELECT * FROM report_item_class_counts ORDER BY 1, 2, 3, 4, 5, 6, 7, 8',
  report_item_hint_counts: 'SELECT * FROM report_item_hint_counts ORDER BY 1, 2, 3, 4, 5, 6, 7, 8',
  report_item_search_grams: 'SELECT gram, item_id FROM report_item_search_grams ORDER BY 1, 2',
} as const

/** Each kept table holds exactly what report_items say it should (and something, when there are items). */
export function expectKeptCountsExact(t: TempCore): void {
  const sqlite = sqliteOf(t.core)
  const items = (sqlite.prepare('SELECT count(*) AS n FROM report_items').get() as { n: number }).n
  for (const table of Object.keys(KEPT) as (keyof typeof KEPT)[]) {
    const kept = sqlite.prepare(KEPT[table]).all()
    expect(kept, table).toEqual(sqlite.prepare(RECOMPUTED[table]).all())
    expect(kept.length > 0, `${table} holds rows`).toBe(items > 0)
  }
}
