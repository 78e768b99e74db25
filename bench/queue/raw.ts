// The bench's baseline: one queue refresh written by hand on the raw better-sqlite3 connection —
// the same statements core runs (the kept cubes, the reason bigrams, the recent-items deadline
// count, the same indexes), prepared once, with each scenario's filter written out as SQL and as
// a JS test on the cube's groups. What core adds on top is its generality: kysely building the
// SQL from any filter, dispatch (zod), the two calls the page makes (each reading its own
// environment and search), and the facet lists it returns.

import type BetterSqlite3 from 'better-sqlite3'

/** The bench's clock and what follows from it for round 114 (3 days from the report, fix end 10/21). */
const OVERDUE_BEFORE = '2025-10-15 10:00:00' // reported before: deadline already past
const DUE_BY = '2025-10-15 23:59:59' // reported by: deadline today

export interface Group {
  section: string
  status: string
  kind: string
  term: string
  error_type: string
  vanished_at: string
  source_changed_at: string
  n: number
}

/** SQL with its parameters (bound, as core binds them: SQLite may plan a literal differently). */
export interface Sql {
  sql: string
  params: unknown[]
}
export const q = (sql: string, ...params: unknown[]): Sql => ({ sql, params })

export interface RawScenario {
  /** The filter over `report_items ri`, as core writes it (for the queries over a search's hits). */
  where: Sql
  /** The same without seek hints, each column written `+ri.col` (the deadline count walks reported_at). */
  plainWhere: Sql
  /** The page's ids (filter, order, limit, offset), as core writes them for this sort. */
  page: Sql
  /** The same filter over the cubes' columns, for the class facet. */
  cubeWhere: Sql
  /** Does a cube group pass the filter, leaving one facet out (null: the whole filter)? */
  passes: (g: Group, except: string | null) => boolean
  /** A search word (the hits then lead every query). */
  search?: string
  /**
   * Sorted by status (ascending): the page read per status from the cube's counts, each status
   * in id order — walking the table (NOT INDEXED) where that status is common — as core does.
   * `page` is then unused. The statuses in workflow order.
   */
  byStatus?: readonly string[]
}

const FACETS = ['section', 'status', 'kind', 'term', 'error_type'] as const
const AWAITING = `ri.status IN ('new', 'checking') AND ri.vanished_at IS NULL`

export function rawRefresh(db: BetterSqlite3.Database, s: RawScenario) {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS bench_hits (id INTEGER PRIMARY KEY)`)
  const latest = db.prepare(`SELECT max(imported_at) AS t FROM import_batches WHERE file_kind = 'confirmation'`)
  const round = db.prepare(`SELECT * FROM rounds WHERE is_current = 1`)
  const terms = db.prepare(`SELECT kind || '|' || term AS pair FROM round_terms WHERE round_id = ?`)
  const pairs = `(ri.kind, ri.term) IN (VALUES ('cadre', '1132'), ('course', '1132'), ('outcome', '1131'), ('outcome', '1132'),
    ('performance', '1131'), ('performance', '1132'))`
  const search = s.search
    ? [
        db.prepare(`DELETE FROM bench_hits`),
        db.prepare(`INSERT OR IGNORE INTO bench_hits SELECT item_id FROM report_item_search_grams WHERE gram = ?`),
        db.prepare(`INSERT OR IGNORE INTO bench_hits SELECT ri.id FROM report_items ri WHERE ri.student_id IN
          (SELECT id FROM students WHERE name LIKE ? OR student_no LIKE ?)`),
      ]
    : null
  const over = s.search ? `bench_hits h CROSS JOIN report_items ri ON ri.id = h.id` : `report_items ri`
  const pageIds = s.byStatus ? null : db.prepare(s.page.sql)
  const pageRows = db.prepare(`SELECT ri.*, s.name, s.class_name, s.seat, s.student_no FROM report_items ri
    JOIN students s ON s.id = ri.student_id WHERE ri.id IN (SELECT value FROM json_each(?))`)
  const cube = db.prepare(s.search
    ? `SELECT ri.section, ri.status, ri.kind, ri.term, ri.error_type, coalesce(ri.vanished_at, '') AS vanished_at,
         coalesce(ri.source_changed_at, '') AS source_changed_at, count(*) AS n FROM ${over}
       GROUP BY ri.section, ri.status, ri.kind, ri.term, ri.error_type, ri.vanished_at, ri.source_changed_at`
    : `SELECT * FROM report_item_facet_counts`)
  const classes = db.prepare(s.search
    ? `SELECT s.class_name AS value, count(*) AS n FROM ${over} CROSS JOIN students s ON s.id = ri.student_id
       WHERE ${s.where.sql} GROUP BY s.class_name`
    : `SELECT class_name AS value, sum(n) AS n FROM report_item_class_counts WHERE ${s.cubeWhere.sql} GROUP BY class_name`)
  // Deadlines: with a search, one pass over the hits; otherwise the awaiting items are counted
  // from the cube, and only the recent ones (and those with no report time) read.
  const deadlines = s.search
    ? db.prepare(`SELECT count(*) AS "all", coalesce(sum(ri.reported_at < '${OVERDUE_BEFORE}'), 0) AS before,
        coalesce(sum(ri.reported_at >= '${OVERDUE_BEFORE}' AND ri.reported_at <= '${DUE_BY}'), 0) AS today
        FROM ${over} WHERE ${s.where.sql} AND ${AWAITING} AND ${pairs}`)
    : null
  const recent = s.search ? null : db.prepare(`SELECT count(*) AS n, coalesce(sum(ri.reported_at <= '${DUE_BY}'), 0) AS today FROM report_items ri
    WHERE ri.reported_at >= '${OVERDUE_BEFORE}' AND ${s.plainWhere.sql} AND +ri.status IN ('new', 'checking') AND +ri.vanished_at IS NULL AND ${pairs}`)
  const unreported = s.search ? null : db.prepare(`SELECT count(*) AS n FROM report_items ri
    WHERE ri.reported_at IS NULL AND ${s.plainWhere.sql} AND +ri.status IN ('new', 'checking') AND +ri.vanished_at IS NULL AND ${pairs}`)
  const any = db.prepare(`SELECT id FROM report_items LIMIT 1`)
  const ofStatus = (walk: boolean) => db.prepare(`SELECT ri.id FROM report_items ri ${walk ? 'NOT INDEXED' : ''}
    WHERE ${s.where.sql} AND ri.status = ? ORDER BY ri.id LIMIT ? OFFSET ?`)
  const [walkStatus, seekStatus] = [ofStatus(true), ofStatus(false)]
  /** The first page by status: statuses in order, each read in id order until the page is full. */
  const idsByStatus = (groups: Group[], statuses: readonly string[]) => {
    const per = new Map<string, number>()
    let items = 0
    for (const g of groups) {
      items += g.n
      if (s.passes(g, null)) per.set(g.status, (per.get(g.status) ?? 0) + g.n)
    }
    const ids: number[] = []
    for (const status of statuses) {
      const n = per.get(status) ?? 0
      if (n === 0 || ids.length >= 100) continue
      const take = Math.min(100 - ids.length, n)
      const statement = (take * items) / n < 3 * n ? walkStatus : seekStatus
      ids.push(...(statement.all(...s.where.params, status, take, 0) as { id: number }[]).map((r) => r.id))
    }
    return ids
  }

  return () => {
    const importedAt = (latest.get() as { t: string }).t
    const current = round.get() as { id: number }
    const inRound = new Set((terms.all(current.id) as { pair: string }[]).map((r) => r.pair))
    if (search) {
      const p = `%${s.search}%`
      search[0].run()
      search[1].run(s.search)
      search[2].run(p, p)
    }
    const groups = cube.all() as Group[]
    const ids = s.byStatus ? idsByStatus(groups, s.byStatus) : (pageIds!.all(...s.page.params) as { id: number }[]).map((r) => r.id)
    const position = new Map(ids.map((id, i) => [id, i]))
    const page = (pageRows.all(JSON.stringify(ids)) as { id: number }[]).sort((a, b) => position.get(a.id)! - position.get(b.id)!)
    // Each facet summed over the groups passing the OTHER filters; the total over those passing all.
    const counts = new Map<string, number>()
    let total = 0
    let awaiting = 0
    for (const g of groups) {
      if (s.passes(g, null)) total += g.n
      for (const f of FACETS) if (s.passes(g, f)) counts.set(`${f}:${g[f]}`, (counts.get(`${f}:${g[f]}`) ?? 0) + g.n)
      const changed = `changed:${g.source_changed_at >= importedAt}`
      if (s.passes(g, 'changed')) counts.set(changed, (counts.get(changed) ?? 0) + g.n)
      if (s.passes(g, null) && (g.status === 'new' || g.status === 'checking') && g.vanished_at === '' && inRound.has(`${g.kind}|${g.term}`)) {
        awaiting += g.n
      }
    }
    let deadline: { overdue: number; dueToday: number; calm: number }
    if (deadlines) {
      const d = deadlines.get(...s.where.params) as { all: number; before: number; today: number }
      deadline = { overdue: d.before, dueToday: d.today, calm: d.all - d.before - d.today }
    } else {
      const r = recent!.get(...s.plainWhere.params) as { n: number; today: number }
      const u = unreported!.get(...s.plainWhere.params) as { n: number }
      deadline = { overdue: awaiting - r.n - u.n, dueToday: r.today, calm: r.n - r.today + u.n }
    }
    return { page, total, counts, classes: classes.all(...(s.search ? s.where : s.cubeWhere).params), deadline, any: any.get() }
  }
}
