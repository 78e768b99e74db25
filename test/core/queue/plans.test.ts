import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../../src/core/db/migrate'
import { compiled } from '../../../src/core/db/sqlite/statements'
import { openSqliteStore, type SqliteStore } from '../../../src/core/db/sqlite/store'
import type { Query, Reader } from '../../../src/core/db/store'
import { readQueueEnv } from '../../../src/core/queue/env'
import type { QueueEnv } from '../../../src/core/queue/filters'
import { facetCube, queueFacets } from '../../../src/core/queue/facets'
import { queueCount, queuePage } from '../../../src/core/queue/list'
import { QueueReader } from '../../../src/core/queue/reader'
import { ensureCurrentRound } from '../../../src/core/rounds/store'
import { queueFilterSchema, type QueueFilterInput, type QueueSort } from '../../../src/shared/contract/queue'
import { seedSchool } from '../../helpers/seedQueue'
import { fixedClock, tempDir } from '../../helpers/tempCore'

// The queue's statements use the indexes they were written for (EXPLAIN QUERY PLAN of the
// SQL core runs, captured as it runs it).

let handle: SqliteStore
let captured: { sql: string; parameters: readonly unknown[] }[]
const NOW = '2025-10-18 10:00:00'

beforeAll(async () => {
  const clock = fixedClock('2025-10-18 10:00')
  handle = openSqliteStore(join(tempDir(), 'db.sqlite'), { clock })
  await migrateToLatest(handle.db)
  await ensureCurrentRound(handle.db, clock) // the seed's round (114)
  await seedSchool(handle, { students: 200, items: 800, decided: 0.4, seed: 5 })
})
afterAll(() => handle.close())

/** The store's reader, recording each statement it runs. */
function tracing(reader: Reader): Reader {
  const trace = (query: Query<unknown>, params: unknown[]) => captured.push(compiled(reader.db, query, params))
  return {
    db: reader.db,
    dialect: reader.dialect,
    pipelines: reader.pipelines,
    all: (query, ...params) => (trace(query, params), reader.all(query, ...params)),
    get: (query, ...params) => (trace(query, params), reader.get(query, ...params)),
    run: (query, ...params) => (trace(query, params), reader.run(query, ...params)),
  }
}

const filter = (f: QueueFilterInput) => queueFilterSchema.parse(f)
/** Runs `fn` and returns the plan of each statement it ran, with its SQL. */
async function plansOf(fn: (reader: QueueReader) => Promise<void>) {
  captured = []
  await handle.read((reader) => fn(new QueueReader(tracing(reader))))
  return captured
    .filter((q) => /^\s*(SELECT|INSERT|DELETE)/i.test(q.sql))
    .map((q) => ({
      sql: q.sql.replace(/\s+/g, ' '),
      plan: (handle.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n'),
    }))
}

type Plan = { sql: string; plan: string }
const run = (f: QueueFilterInput, sort: QueueSort = { column: 'age', direction: 'desc' }, tune: Partial<QueueEnv> = {}, now = NOW) =>
  plansOf(async (reader) => {
    const env = { ...(await readQueueEnv(reader, now, f.search)), ...tune }
    await queueFacets(reader, filter(f), env)
    await queuePage(reader, { filter: filter(f), sort, offset: 0, limit: 100 }, env)
    await queueCount(reader, filter(f), env)
  })
const planOf = (plans: Plan[], pattern: RegExp) => {
  const found = plans.find((p) => pattern.test(p.sql))
  if (!found) throw new Error(`no statement matches ${pattern}:\n${plans.map((p) => p.sql).join('\n')}`)
  return found.plan
}
/** Reads every report item (a scan of the table, or the whole of one of its indexes)? */
const readsEveryItem = (plan: string) => /^SCAN (ri|x|report_items)\b(?! USING COVERING INDEX report_items_by_reported)/m.test(plan)

describe('the queue\'s statements', () => {
  // Under each deadline rule (設定), at a time when some items are overdue.
  it.each([['fromReport', NOW], ['fromFixStart', '2025-10-20 10:00:00']])(
    'count from the kept cubes and read only the recent items for deadlines, with no filter beyond them (%s, %s)', async (rule, now) => {
    handle.sqlite.prepare('UPDATE rounds SET deadline_rule = ?').run(rule)
    const plans = await run({ section: ['registration'], status: ['new', 'checking'] }, undefined, {}, now)
    expect(planOf(plans, /FROM report_item_facet_counts/)).toBe('SCAN report_item_facet_counts')
    expect(planOf(plans, /FROM report_item_class_counts/)).toMatch(
      /^SEARCH report_item_class_counts USING COVERING INDEX report_item_class_counts_facets \(section=\? AND status=\?\)/)
    // Deadlines: the items reported since the overdue threshold, and those with no report time.
    expect(planOf(plans, /ri\.reported_at >= \?/)).toMatch(/^SEARCH ri USING COVERING INDEX report_items_by_reported \(reported_at>\?\)/)
    expect(planOf(plans, /ri\.reported_at IS NULL/)).toMatch(/^SEARCH ri USING COVERING INDEX report_items_by_reported \(reported_at=\?\)/)
    // The default sort (oldest first) walks report_items_by_reported: no sort of every match.
    expect(planOf(plans, /ORDER BY ri\.reported_at ASC/)).toMatch(/^SCAN ri USING COVERING INDEX report_items_by_reported\n(USE TEMP B-TREE FOR LAST TERM OF ORDER BY)?$/)
    expect(plans.filter((p) => readsEveryItem(p.plan))).toEqual([])
  })

  it('read only the recent items for deadlines on the day the fix window\'s items fall due, before any is overdue', async () => {
    handle.sqlite.exec(`UPDATE rounds SET deadline_rule = 'fromFixStart', fix_start = '2025-10-17 08:00:00'`)
    const plans = await run({ section: ['registration'], status: ['new', 'checking'] }, undefined, {}, '2025-10-20 07:00:00')
    handle.sqlite.exec(`UPDATE rounds SET deadline_rule = 'fromReport', fix_start = '2025-10-17 00:00:00'`)
    // Due today: every item but those reported since the threshold (and those with no report time).
    expect(planOf(plans, /ri\.reported_at > \?/)).toMatch(/^SEARCH ri USING COVERING INDEX report_items_by_reported \(reported_at>\?\)/)
    expect(planOf(plans, /ri\.reported_at IS NULL/)).toMatch(/^SEARCH ri USING COVERING INDEX report_items_by_reported \(reported_at=\?\)/)
    expect(plans.filter((p) => readsEveryItem(p.plan))).toEqual([])
  })

  it('seek report_items_facets through the sections and statuses when a filter restricts a later column', async () => {
    const plans = await run({ kind: ['cadre', 'performance'], errorType: ['wrong'] }, { column: 'status', direction: 'asc' })
    const seek = /SEARCH ri USING COVERING INDEX report_items_facets \(section=\? AND status=\? AND kind=\?\)/
    expect(planOf(plans, /SELECT ri\.id FROM report_items AS ri WHERE/)).toMatch(seek)
    expect(planOf(plans, /SELECT count\(\*\) AS n FROM report_items AS ri WHERE ri\.kind/)).toMatch(seek)
    expect(planOf(plans, /FROM report_item_class_counts/)).toMatch(/report_item_class_counts_facets \(section=\? AND status=\? AND kind=\?\)/)
    expect(plans.filter((p) => readsEveryItem(p.plan))).toEqual([])
  })

  it('page a sort by status through the cube\'s windows: the table in id order for a common status, the index for a rare one', async () => {
    const list = (sort: QueueSort) => plansOf(async (reader) => {
      const env = await readQueueEnv(reader, NOW)
      const f = filter({ section: ['registration', 'activities'] })
      await queuePage(reader, { filter: f, sort, offset: 0, limit: 100 }, env, facetCube(reader, f, env))
    })
    const common = (await list({ column: 'status', direction: 'asc' })).filter((p) => /ri\.status = \?/.test(p.sql))
    expect(common).toHaveLength(1) // the first 100 are all new
    expect(common[0].plan).toBe('SCAN ri')
    const rare = (await list({ column: 'status', direction: 'desc' })).filter((p) => /ri\.status = \?/.test(p.sql))
    expect(rare.length).toBeGreaterThan(1) // noChange, disputed, … until 100
    expect(rare[0].plan).toMatch(/^SEARCH ri USING COVERING INDEX report_items_(facets|section_status) \(section=\? AND status=\?\)\nUSE TEMP B-TREE FOR ORDER BY$/)
  })

  it('read the cube per class under a class filter, and page by class walking students in class order', async () => {
    const plans = await run({ section: ['activities'], className: ['101', '102'] }, { column: 'className', direction: 'asc' })
    expect(planOf(plans, /FROM report_item_class_counts WHERE class_name IN/)).toMatch(/^SEARCH report_item_class_counts USING INDEX \S+ \(class_name=\?\)/)
    expect(planOf(plans, /FROM students AS s CROSS JOIN report_items/)).toMatch(
      /SEARCH ri USING COVERING INDEX report_items_by_student \(student_id=\? AND section=\?\)/)
  })

  it.each([
    ['數學', /\(gram=\?\)/],
    ['王', /\(gram>\? AND gram<\?\)/],
    ['國文學分', /\(gram=\?\)\nSEARCH g2 USING COVERING INDEX \S+ \(gram=\? AND item_id=\?\)/],
  ])('find a search (%s) once per call in the reason bigrams, then lead every query with its hits', async (search, gramPlan) => {
    const plans = await run({ section: ['registration'], search }, { column: 'status', direction: 'asc' })
    const lookups = plans.filter((p) => /^INSERT INTO temp\.queue_search_hits \(id\) SELECT id FROM \(SELECT (g\.)?item_id/.test(p.sql))
    expect(lookups).toHaveLength(1)
    expect(lookups[0].plan).toMatch(new RegExp(`^SEARCH (report_item_search_grams|g) USING COVERING INDEX \\S+ ${gramPlan.source}`))
    const overItems = plans.filter((p) => /FROM temp\.queue_search_hits AS h/.test(p.sql))
    expect(overItems.length).toBeGreaterThanOrEqual(5) // count, page, cube, class, deadline
    for (const p of overItems) expect(p.plan).toMatch(/^SCAN h\nSEARCH ri USING INTEGER PRIMARY KEY \(rowid=\?\)/)
    expect(plans.filter((p) => readsEveryItem(p.plan))).toEqual([])
  })

  it('read the kept cubes when every word of a search is in every student\'s number', async () => {
    const plans = await run({ section: ['registration'], search: '01' })
    expect(planOf(plans, /FROM report_item_facet_counts/)).toBe('SCAN report_item_facet_counts')
    expect(plans.some((p) => /queue_search_hits|report_item_search_grams/.test(p.sql))).toBe(false)
  })

  it('look each item up in the hits, on the usual index paths, when a search finds most items', async () => {
    const plans = await run({ section: ['registration'], search: '了' }, { column: 'status', direction: 'asc' }, { search: 'hits' })
    const counted = planOf(plans, /SELECT count\(\*\) AS n FROM report_items AS ri/)
    expect(counted).toMatch(/^SEARCH ri USING COVERING INDEX report_items_\w+ \(section=\?\)\nUSING ROWID SEARCH ON TABLE queue_search_hits FOR IN-OPERATOR$/)
    expect(plans.some((p) => /FROM temp\.queue_search_hits AS h/.test(p.sql))).toBe(false)
    // The cube streams in report_items_facets' order (no temp b-tree for its GROUP BY).
    expect(planOf(plans, /GROUP BY ri\.section, ri\.status/)).toMatch(/^SCAN ri USING COVERING INDEX report_items_facets$/m)
    expect(planOf(plans, /GROUP BY ri\.section, ri\.status/)).not.toMatch(/TEMP B-TREE FOR GROUP BY/)
  })
})
