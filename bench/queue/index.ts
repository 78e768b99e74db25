// bench/queue — the queue query at stress scale: 50,000 report items and the full submitted
// records of a 3,600-student school. For each scenario it times one refresh as the page asks
// for it (`queue.list` + `queue.facets` through core's dispatch: zod, kysely-built SQL, the
// statements core runs) next to the same work written by hand on the same connection (raw.ts),
// in one run. Run: npm run bench:queue   (options: --items N --students N --runs N)

import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import type { QueueFilterInput, QueueSort } from '../../src/shared/contract/queue'
import { seedSchool } from '../../test/helpers/seedQueue'
import { fixedClock, tempCore } from '../../test/helpers/tempCore'
import { q, rawRefresh, type RawScenario } from './raw'
import { sqliteOf } from '../../test/helpers/sqliteOf'

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '50000' },
    students: { type: 'string', default: '3600' },
    runs: { type: 'string', default: '200' },
  },
})
const RUNS = Number(values.runs)
const WARM_UP = 20
const TARGET_P95_MS = 20
const LIMIT = 100
/**
 * The bench runs at the seed's 10/18 10:00, in round 114, with deadlines counted from the
 * report (設定's 'fromReport' rule): they fall on both sides of now, so the deadline facet reads
 * the recent items. Under the default rule nothing falls due before 10/20 and it reads nothing.
 */
const NOW = '2025-10-18 10:00:00'

interface Scenario {
  name: string
  filter: QueueFilterInput
  sort: QueueSort
  offset: number
  /** The same refresh written by hand; absent for the extra searches (no target). */
  raw?: RawScenario
}

const SECTIONS = ['registration', 'activities', 'studentAffairs']
const STATUSES = ['new', 'checking', 'corrected', 'resubmitted', 'closed', 'disputed', 'noChange']
const STATUS_ORDER = `CASE ri.status WHEN 'new' THEN 0 WHEN 'checking' THEN 1 WHEN 'corrected' THEN 2
  WHEN 'resubmitted' THEN 3 WHEN 'closed' THEN 4 WHEN 'disputed' THEN 5 WHEN 'noChange' THEN 6 END ASC, ri.id ASC`
const is = (except: string | null, facet: string, ok: boolean) => facet === except || ok

const SCENARIOS: Scenario[] = [
  {
    name: '本組「待處理」 oldest first, page 1',
    filter: { section: ['registration'], status: ['new', 'checking'] },
    sort: { column: 'age', direction: 'desc' },
    offset: 0,
    raw: {
      // The default sort walks report_items_by_reported (filters written +ri.col).
      page: q(`SELECT ri.id FROM report_items ri WHERE +ri.section IN (?) AND +ri.status IN (?, ?)
        ORDER BY ri.reported_at ASC, ri.id ASC LIMIT ? OFFSET ?`, 'registration', 'new', 'checking', LIMIT, 0),
      where: q(`ri.section IN (?) AND ri.status IN (?, ?)`, 'registration', 'new', 'checking'),
      plainWhere: q(`+ri.section IN (?) AND +ri.status IN (?, ?)`, 'registration', 'new', 'checking'),
      cubeWhere: q(`section IN (?) AND status IN (?, ?)`, 'registration', 'new', 'checking'),
      passes: (g, x) => is(x, 'section', g.section === 'registration') && is(x, 'status', g.status === 'new' || g.status === 'checking'),
    },
  },
  {
    name: '本組 all statuses by class, page 51',
    filter: { section: ['registration'] },
    sort: { column: 'className', direction: 'asc' },
    offset: 5000,
    raw: {
      // Students in class order, each student's items by index.
      page: q(`SELECT ri.id FROM students s CROSS JOIN report_items ri ON ri.student_id = s.id WHERE ri.section IN (?)
        ORDER BY s.class_name ASC, CAST(s.seat AS INTEGER) ASC, s.seat ASC, ri.id ASC LIMIT ? OFFSET ?`, 'registration', LIMIT, 5000),
      where: q(`ri.section IN (?)`, 'registration'),
      plainWhere: q(`+ri.section IN (?)`, 'registration'),
      cubeWhere: q(`section IN (?)`, 'registration'),
      passes: (g, x) => is(x, 'section', g.section === 'registration'),
    },
  },
  {
    name: 'all sections, kind + error type, by status',
    filter: { kind: ['cadre', 'performance'], errorType: ['wrong'] },
    sort: { column: 'status', direction: 'asc' },
    offset: 0,
    raw: {
      // The page per status from the cube's counts (byStatus); every section and status spelled
      // out elsewhere, so that SQLite seeks report_items_facets.
      byStatus: STATUSES,
      page: q(''),
      where: q(`ri.kind IN (?, ?) AND ri.error_type IN (?) AND ri.section IN (?, ?, ?) AND ri.status IN (?, ?, ?, ?, ?, ?, ?)`,
        'cadre', 'performance', 'wrong', ...SECTIONS, ...STATUSES),
      plainWhere: q(`+ri.kind IN (?, ?) AND +ri.error_type IN (?)`, 'cadre', 'performance', 'wrong'),
      cubeWhere: q(`kind IN (?, ?) AND error_type IN (?) AND section IN (?, ?, ?) AND status IN (?, ?, ?, ?, ?, ?, ?)`,
        'cadre', 'performance', 'wrong', ...SECTIONS, ...STATUSES),
      passes: (g, x) => is(x, 'kind', g.kind === 'cadre' || g.kind === 'performance') && is(x, 'error_type', g.error_type === 'wrong'),
    },
  },
  {
    name: '本組 search 「數學」',
    filter: { section: ['registration'], search: '數學' },
    sort: { column: 'status', direction: 'asc' },
    offset: 0,
    raw: {
      search: '數學',
      page: q(`SELECT ri.id FROM bench_hits h CROSS JOIN report_items ri ON ri.id = h.id WHERE ri.section IN (?)
        ORDER BY ${STATUS_ORDER} LIMIT ? OFFSET ?`, 'registration', LIMIT, 0),
      where: q(`ri.section IN (?)`, 'registration'),
      plainWhere: q(''), // a search counts deadlines over its hits
      cubeWhere: q(''),
      passes: (g, x) => is(x, 'section', g.section === 'registration'),
    },
  },
  // Searches that find many items (no target; the clerk's search is debounced): one character
  // in most reasons, the first digits of every student number (no restriction: counted from the
  // kept cubes), and of a third of them.
  { name: '(extra) 本組 search 「了」', filter: { section: ['registration'], search: '了' }, sort: { column: 'status', direction: 'asc' }, offset: 0 },
  { name: '(extra) search 「011」 (every student)', filter: { search: '011' }, sort: { column: 'age', direction: 'desc' }, offset: 0 },
  { name: '(extra) search 「0110」 (a third)', filter: { search: '0110' }, sort: { column: 'age', direction: 'desc' }, offset: 0 },
]

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
  return { p50: at(0.5), p95: at(0.95) }
}

/** Wall time and this process's CPU time (user + system) of each run, in ms. */
async function time(fn: () => unknown | Promise<unknown>): Promise<{ wall: number[]; cpu: number[] }> {
  for (let i = 0; i < WARM_UP; i++) await fn()
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const startCpu = process.cpuUsage()
    const start = performance.now()
    await fn()
    wall.push(performance.now() - start)
    const used = process.cpuUsage(startCpu)
    cpu.push((used.user + used.system) / 1000)
  }
  return { wall, cpu }
}

async function main() {
  const t = await tempCore({ clock: fixedClock(NOW) })
  const seedStart = performance.now()
  const seeded = await seedSchool(t.core.ctx.store, {
    students: Number(values.students), items: Number(values.items), records: true, decided: 0.4, seed: 42,
  })
  sqliteOf(t.core).exec(`UPDATE rounds SET deadline_rule = 'fromReport' WHERE is_current = 1`)
  console.log(`Seeded ${seeded.items.toLocaleString()} report items, ${seeded.students.toLocaleString()} students, ` +
    `records ${JSON.stringify(seeded.records)} in ${Math.round(performance.now() - seedStart)} ms`)
  console.log(`${RUNS} runs each after ${WARM_UP} warm-up runs; one page = ${LIMIT} rows; times in ms`)
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores\n`)
  console.log(`${'scenario'.padEnd(44)} ${'core: wall'.padStart(20)} ${'cpu'.padStart(14)}  ${'raw SQL: wall'.padStart(16)} ${'cpu'.padStart(14)}   wall p95 ≤ ${TARGET_P95_MS}`)
  console.log(`${''.padEnd(44)} ${'p50    p95'.padStart(20)} ${'p50    p95'.padStart(14)}  ${'p50    p95'.padStart(16)} ${'p50    p95'.padStart(14)}`)

  const call = async (name: string, input: unknown) => {
    const result = await t.core.dispatch(name, input)
    if (!result.ok) throw new Error(result.error.message)
    return result.value as never
  }
  let allMet = true
  for (const s of SCENARIOS) {
    const input = { filter: s.filter, sort: s.sort, offset: s.offset, limit: LIMIT }
    const refresh = () => Promise.all([call('queue.list', input), call('queue.facets', { filter: s.filter })])
    const raw = s.raw ? rawRefresh(sqliteOf(t.core), s.raw) : null
    if (raw) agree(s.name, await refresh(), raw())
    const core = await time(refresh)
    const f = (p: { p50: number; p95: number }) => `${p.p50.toFixed(1).padStart(6)} ${p.p95.toFixed(1).padStart(6)}`
    const [cw, cc] = [core.wall, core.cpu].map(percentiles)
    if (!raw) {
      console.log(`${s.name.padEnd(44)} ${f(cw).padStart(20)} ${f(cc).padStart(14)}`)
      continue
    }
    const base = await time(raw)
    const [rw, rc] = [base.wall, base.cpu].map(percentiles)
    const met = cw.p95 <= TARGET_P95_MS
    allMet &&= met
    console.log(`${s.name.padEnd(44)} ${f(cw).padStart(20)} ${f(cc).padStart(14)}  ${f(rw).padStart(16)} ${f(rc).padStart(14)}   ${met ? 'met' : 'MISSED'}`)
  }

  // The detail pane's records: one student's course rows of a term, matched against reasons.
  const student = sqliteOf(t.core).prepare(`SELECT student_id AS id FROM report_items WHERE kind = 'course' LIMIT 1`).get() as { id: number }
  const records = percentiles((await time(() => call('records.list', {
    studentId: student.id, kind: 'course', term: '1132', reasons: ['多了國文', '數學A學分應為3學分'],
  }))).wall)
  console.log(`\nrecords.list (detail pane, 15 course rows of ${seeded.records.course.toLocaleString()}): ` +
    `p50 ${records.p50.toFixed(2)} p95 ${records.p95.toFixed(2)}`)
  await t.cleanup()
  if (!allMet) process.exitCode = 1
}

type Page = { rows: { id: number }[]; total: number }
type Facets = { total: number; facets: Record<string, { value: string; count: number }[]> }

/** The hand-written refresh must find what core finds, or its times mean nothing. */
function agree(name: string, [list, facets]: [Page, Facets], raw: ReturnType<ReturnType<typeof rawRefresh>>) {
  const count = (facet: string, value: string) => facets.facets[facet].find((v) => v.value === value)?.count ?? 0
  const problems: string[] = []
  if (JSON.stringify(list.rows.map((r) => r.id)) !== JSON.stringify((raw.page as { id: number }[]).map((r) => r.id))) problems.push('page')
  if (list.total !== raw.total || facets.total !== raw.total) problems.push(`total ${list.total} / ${raw.total}`)
  for (const [key, n] of raw.counts) {
    const [facet, value] = key.split(':')
    const mapped = { error_type: 'errorType' }[facet] ?? facet
    const got = facet === 'changed' ? count('changed', value === 'true' ? 'yes' : 'no') : count(mapped, value)
    if (got !== n) problems.push(`${key} ${got} / ${n}`)
  }
  for (const c of raw.classes as { value: string; n: number }[]) if (count('className', c.value) !== c.n) problems.push(`class ${c.value}`)
  for (const [state, n] of Object.entries(raw.deadline)) if (count('deadline', state) !== n) problems.push(`deadline ${state}`)
  if (problems.length) throw new Error(`${name}: the raw refresh disagrees with core: ${problems.slice(0, 5).join('; ')}`)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
