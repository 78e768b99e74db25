import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  FACETS,
  QUEUE_COLUMNS,
  type Facet,
  queueFilterSchema,
  type QueueFilterInput,
  type QueueRow,
} from '../../../src/shared/contract/queue'
import { ERROR_TYPES, ITEM_STATUSES, KINDS } from '../../../src/shared/domain'
import { QUEUE_TUNING, queueEnv } from '../../../src/core/queue/env'
import { matchingItems } from '../../../src/core/queue/list'
import { seedSchool } from '../../helpers/seedQueue'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { execute, rows } from '../../helpers/dbRows'

// The queue's filters, facet counts, sort and paging, checked against a brute-force oracle
// computed in plain JS from every item (written here independently of core's SQL).

interface Item {
  id: number
  section: string
  kind: string
  term: string
  errorType: string
  className: string
  status: string
  changed: string
  vanished: string
  /** What the records say about what the reason names; not yet worked out counts as none. */
  hint: string
  /** The deadline's state, null when the item has no deadline to meet. */
  deadline: string | null
  deadlineAt: string | null
  name: string
  studentNo: string
  reason: string
  seat: string
  reportedAt: string | null
  updatedAt: string
}

let t: TempCore
let all: Item[]
const LATEST_IMPORT = '2025-10-17 07:30:00'

beforeAll(async () => {
  // Round 114 (the seed's): every seeded kind × term is in it; fix window ends 10/21 23:59:59.
  t = await tempCore({ clock: fixedClock('2025-10-18 10:00') })
  await seedSchool(t.core.ctx.store, { students: 240, items: 900, decided: 0.5, seed: 7, importedAt: '2025-10-16 18:00:00' })
  await execute(t,
    // The deadline rule counted from the report (a choice in 設定): at 10/18 it puts the seed's
    // items in every deadline state. The rules themselves: test/core/rounds/deadline.test.ts.
    `UPDATE rounds SET deadline_rule = 'fromReport'`,
    // A newer import: some items were added or changed by it, some vanished from it.
    [`INSERT INTO import_batches (file_name, file_hash, file_kind, imported_at, operator) VALUES ('b.xlsx','b','confirmation',?, '系統')`, LATEST_IMPORT],
    `INSERT INTO import_batches (file_name, file_hash, file_kind, imported_at, operator) VALUES ('r.xlsx','r','roster','2025-10-18 09:00:00', '系統')`,
    `UPDATE report_items SET source_changed_at = '${LATEST_IMPORT}' WHERE id % 7 = 0`,
    `UPDATE report_items SET vanished_at = '${LATEST_IMPORT}' WHERE id % 11 = 0`,
    `UPDATE report_items SET reported_at = NULL WHERE id % 50 = 0`,
    `UPDATE report_items SET updated_at = '2025-10-17 0' || (id % 10) || ':00:00'`,
    `UPDATE students SET name = '王' || name WHERE id % 9 = 0`,
    // Some students move class (their items' counts move with them), some reasons are rewritten
    // (their search index with them): letters in both cases, full-width ones, %, _, a space.
    `UPDATE students SET class_name = '101' WHERE id % 13 = 0`,
    `UPDATE report_items SET reason = 'Ａ組 數學a成績應為100%_' WHERE id % 17 = 0`,
    `UPDATE report_items SET reason = '英文B 多了 國文' WHERE id % 19 = 0`,
    // Hints of every state, and some not yet worked out (NULL): the 提示 facet's cube follows.
    `UPDATE report_items SET hint_state = CASE id % 5 WHEN 0 THEN 'present' WHEN 1 THEN 'absent' WHEN 2 THEN 'mixed'
      WHEN 3 THEN 'none' END, hint = CASE id % 5 WHEN 0 THEN '資料中已有國語文（80 分，及格）' END`,
    `UPDATE report_items SET hint_state = 'present' WHERE id % 23 = 0`)
  const items = await rows<Record<string, string | number | null>>(t, `SELECT ri.*, s.name, s.student_no, s.class_name, s.seat FROM report_items ri JOIN students s ON s.id = ri.student_id`)
  all = items.map((r) => ({
    id: r.id as number, section: r.section as string, kind: r.kind as string, term: r.term as string,
    errorType: r.error_type as string, className: r.class_name as string, status: r.status as string,
    changed: (r.source_changed_at as string) >= LATEST_IMPORT ? 'yes' : 'no', vanished: r.vanished_at ? 'yes' : 'no',
    hint: (r.hint_state as string | null) ?? 'none',
    name: r.name as string, studentNo: r.student_no as string, reason: r.reason as string, seat: r.seat as string,
    reportedAt: r.reported_at as string | null, updatedAt: r.updated_at as string,
    ...deadlineOf(r.status as string, r.reported_at as string | null, r.vanished_at as string | null),
  }))
})
afterAll(() => t.cleanup())

/** Three days after the report (the 'fromReport' rule), but no later than the end of the fix window; new or checking only. */
function deadlineOf(status: string, reportedAt: string | null, vanishedAt: string | null) {
  if (!['new', 'checking'].includes(status) || vanishedAt) return { deadline: null, deadlineAt: null }
  const FIX_END = '2025-10-21 23:59:59'
  let at = FIX_END
  if (reportedAt) {
    const d = new Date(`${reportedAt.replace(' ', 'T')}+08:00`)
    const plus = new Date(d.getTime() + 3 * 86_400_000 + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19)
    at = plus < FIX_END ? plus : FIX_END
  }
  const now = '2025-10-18 10:00:00'
  return { deadline: at < now ? 'overdue' : at.slice(0, 10) === now.slice(0, 10) ? 'dueToday' : 'calm', deadlineAt: at }
}

function passes(item: Item, filter: QueueFilterInput, except: Facet | null) {
  for (const facet of FACETS) {
    const wanted = (filter[facet] ?? []) as string[]
    if (facet === except || wanted.length === 0) continue
    if (!wanted.includes(item[facet] ?? '')) return false
  }
  // As LIKE compares: the text literally, ASCII letters in either case.
  const words = (filter.search ?? '').split(/\s+/).filter(Boolean).map(foldAscii)
  return words.every((w) => [item.name, item.studentNo, item.reason].some((text) => foldAscii(text).includes(w)))
}

const foldAscii = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase())

function oracleFacets(filter: QueueFilterInput) {
  const facets = {} as Record<Facet, Record<string, number>>
  for (const facet of FACETS) {
    facets[facet] = {}
    for (const item of all.filter((i) => passes(i, filter, facet))) {
      const value = item[facet]
      if (value === null) continue // no deadline: not in that facet
      facets[facet][value] = (facets[facet][value] ?? 0) + 1
    }
  }
  return { total: all.filter((i) => passes(i, filter, null)).length, facets }
}

const nonZero = (list: { value: string; count: number }[]) =>
  Object.fromEntries(list.filter((v) => v.count > 0).map((v) => [v.value, v.count]))

const FILTERS: QueueFilterInput[] = [
  {},
  { section: ['registration'] },
  { section: ['registration'], status: ['new', 'checking'] },
  { kind: ['cadre'], className: ['101', '205'] },
  { changed: ['yes'] },
  { changed: ['no'], vanished: ['yes'] },
  { search: '王' },
  { search: '數學', section: ['registration'] },
  { search: '0110005' },
  { errorType: ['wrong'], term: ['1131'], status: ['new'] },
  { section: ['activities', 'studentAffairs'], errorType: ['extra', 'missing'], vanished: ['no'], changed: ['yes', 'no'] },
  { deadline: ['overdue'] },
  { deadline: ['dueToday', 'calm'], section: ['registration'] },
  { deadline: ['overdue'], search: '王', kind: ['course', 'outcome'] },
  { hint: ['present'] },
  { hint: ['present'], errorType: ['missing'], section: ['registration'] },
  { hint: ['absent', 'none'], className: ['101', '205'] },
  { hint: ['mixed'], deadline: ['overdue', 'dueToday'] },
  { hint: ['present', 'absent'], search: '數學' },
]

describe('queue facets', () => {
  it.each(FILTERS.map((f) => [JSON.stringify(f), f]))('counts every facet with the OTHER filters applied: %s', async (_name, filter) => {
    const got = await t.call('queue.facets', { filter })
    const want = oracleFacets(filter)
    expect(got.total).toBe(want.total)
    // Every case selects something, and something is left out unless nothing is filtered.
    expect(want.total).toBeGreaterThan(0)
    if (Object.keys(filter).length > 0) expect(want.total).toBeLessThan(all.length)
    for (const facet of FACETS) expect(nonZero(got.facets[facet]), facet).toEqual(want.facets[facet])
    const list = await t.call('queue.list', { filter, limit: 1 })
    expect(list.total).toBe(want.total)
  })

  it('lists fixed domains whole (zeros included) and a selected value even when nothing matches', async () => {
    const got = await t.call('queue.facets', { filter: { className: ['999'], kind: ['cadre'] } })
    expect(got.facets.status.map((v) => v.value)).toEqual([...ITEM_STATUSES])
    expect(got.facets.kind.map((v) => v.value)).toEqual([...KINDS])
    expect(got.facets.errorType.map((v) => v.value)).toEqual([...ERROR_TYPES])
    expect(got.facets.className).toContainEqual({ value: '999', count: 0 })
    expect(got.total).toBe(0)
    expect(got.anyItems).toBe(true)
    expect(got.latestImportAt).toBe(LATEST_IMPORT)
  })

  it('counts the saved views from the statuses, with the other filters applied', async () => {
    const filter = { section: ['registration' as const], status: ['closed' as const] }
    const got = await t.call('queue.facets', { filter })
    const inSection = all.filter((i) => i.section === 'registration')
    const count = (statuses: string[]) => inSection.filter((i) => statuses.includes(i.status)).length
    expect(got.views).toEqual([
      { id: 'pending', label: '待處理', count: count(['new', 'checking']) },
      { id: 'toResubmit', label: '已修正待重新提交', count: count(['corrected']) },
      { id: 'rechecking', label: '複查中', count: count(['resubmitted']) },
      { id: 'disputed', label: '仍有疑義', count: count(['disputed']) },
    ])
  })
})

describe('queue pages', () => {
  const keyOf: Record<string, (r: QueueRow) => unknown[]> = {
    studentName: (r) => [r.studentName], className: (r) => [r.className, Number(r.seat)], seat: (r) => [Number(r.seat)],
    studentNo: (r) => [r.studentNo], kind: (r) => [KINDS.indexOf(r.kind)], term: (r) => [r.term],
    errorType: (r) => [ERROR_TYPES.indexOf(r.errorType)], reason: (r) => [r.reason],
    status: (r) => [ITEM_STATUSES.indexOf(r.status)], age: (r) => [r.reportedAt ?? ''], lastChange: (r) => [r.updatedAt],
    deadline: (r) => [r.deadline ?? ''],
  }
  const compare = (a: unknown[], b: unknown[]) => {
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue
      return (a[i] as never) < (b[i] as never) ? -1 : 1
    }
    return 0
  }

  it.each(QUEUE_COLUMNS.flatMap((c) => [[c, 'asc'], [c, 'desc']] as const))(
    'sorts by %s %s and pages through every match exactly once',
    async (column, direction) => {
      const filter = { section: ['registration' as const, 'activities' as const], vanished: ['no' as const] }
      const want = all.filter((i) => passes(i, filter, null)).map((i) => i.id).sort((a, b) => a - b)
      const seen: QueueRow[] = []
      for (let offset = 0; ; offset += 97) {
        const page = await t.call('queue.list', { filter, sort: { column, direction }, offset, limit: 97 })
        expect(page.total).toBe(want.length)
        seen.push(...page.rows)
        if (page.rows.length < 97) break
      }
      expect(seen.map((r) => r.id).sort((a, b) => a - b)).toEqual(want)
      // Age is time since the report: descending age = the earliest report first.
      const sign = (direction === 'asc') !== (column === 'age') ? 1 : -1
      if (column === 'deadline') {
        // Items without a deadline come last, whichever the direction.
        const firstNone = seen.findIndex((r) => r.deadline === null)
        expect(firstNone).toBeGreaterThan(0)
        expect(seen.slice(firstNone).every((r) => r.deadline === null)).toBe(true)
        seen.splice(firstNone)
      }
      for (let i = 1; i < seen.length; i++) {
        expect(sign * compare(keyOf[column](seen[i - 1]), keyOf[column](seen[i])), `${column} at ${i}`).toBeLessThanOrEqual(0)
      }
    },
  )

  // The whole order, ties included (they fall to the id, in the same direction), as the SQL
  // keys define it: every path (the indexes walked, the cube's windows, a search's hits) must
  // give exactly this sequence.
  const sqlKeyOf: Record<string, (i: Item) => (string | number | null)[]> = {
    studentName: (i) => [i.name, i.studentNo], className: (i) => [i.className, Number.parseInt(i.seat), i.seat],
    seat: (i) => [Number.parseInt(i.seat), i.seat, i.className], studentNo: (i) => [i.studentNo],
    kind: (i) => [KINDS.indexOf(i.kind as never), i.term], term: (i) => [i.term, KINDS.indexOf(i.kind as never)],
    errorType: (i) => [ERROR_TYPES.indexOf(i.errorType as never)], reason: (i) => [i.reason],
    status: (i) => [ITEM_STATUSES.indexOf(i.status as never)], age: (i) => [i.reportedAt], lastChange: (i) => [i.updatedAt],
    deadline: (i) => [i.deadlineAt],
  }
  /** SQLite's order: NULL first, numbers by value, text by its UTF-8 bytes. */
  const cmp = (a: string | number | null, b: string | number | null) =>
    a === b ? 0 : a === null ? -1 : b === null ? 1 : typeof a === 'number' ? (a < (b as number) ? -1 : 1) : byText(a, b as string)
  const oracleOrder = (filter: QueueFilterInput, column: string, direction: 'asc' | 'desc') => {
    const sign = (direction === 'asc') !== (column === 'age') ? 1 : -1
    return all.filter((i) => passes(i, filter, null)).sort((x, y) => {
      // Items without a deadline last, whichever the direction.
      if (column === 'deadline' && (x.deadline === null) !== (y.deadline === null)) return x.deadline === null ? 1 : -1
      const [kx, ky] = [sqlKeyOf[column](x), sqlKeyOf[column](y)]
      for (let k = 0; k < kx.length; k++) if (cmp(kx[k], ky[k]) !== 0) return sign * cmp(kx[k], ky[k])
      return sign * (x.id - y.id)
    }).map((i) => i.id)
  }

  it.each(QUEUE_COLUMNS.flatMap((c) => [[c, 'asc'], [c, 'desc']] as const))(
    'gives the exact order by %s %s, ties by id, page after page (with and without a search)',
    async (column, direction) => {
      const filters: QueueFilterInput[] = [
        { status: ['new', 'checking', 'disputed'] },
        { search: '了', errorType: ['wrong', 'extra'] },
        { className: ['205', '101'], vanished: ['no'] },
      ]
      for (const filter of filters) {
        const want = oracleOrder(filter, column, direction)
        const seen: number[] = []
        for (let offset = 0; offset < want.length; offset += 61) {
          const page = await t.call('queue.list', { filter, sort: { column, direction }, offset, limit: 61 })
          // The total with every page (on a server a search's count rides on the page's rows).
          expect(page.total, JSON.stringify(filter)).toBe(want.length)
          seen.push(...page.rows.map((r) => r.id))
        }
        expect(seen, JSON.stringify(filter)).toEqual(want)
        // A page past the end (the list shrank under the clerk) still says how many match.
        const beyond = await t.call('queue.list', { filter, sort: { column, direction }, offset: want.length + 10, limit: 61 })
        expect(beyond).toMatchObject({ rows: [], total: want.length })
      }
    },
  )

  it('returns rows with what the queue shows, and core\'s clock for "age"', async () => {
    const page = await t.call('queue.list', { filter: { vanished: ['yes'] }, limit: 3 })
    expect(page.now).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    const row = page.rows[0]
    const item = all.find((i) => i.id === row.id)!
    expect(row).toMatchObject({ studentName: item.name, className: item.className, seat: item.seat, vanished: true,
      changedSinceImport: item.changed === 'yes', reason: item.reason, version: expect.any(Number), deadline: null })
    const waiting = await t.call('queue.list', { filter: { deadline: ['overdue'] }, limit: 5 })
    for (const r of waiting.rows) {
      const item = all.find((i) => i.id === r.id)!
      expect(r).toMatchObject({ deadline: item.deadlineAt, deadlineState: 'overdue' })
    }
  })
})

// Searches and what each exercises.
const SEARCHES: QueueFilterInput[] = [
  { search: '數學' }, // two characters, in reasons
  { search: '王' }, // one character, in names (and no reason)
  { search: '了' }, // one character, in most reasons
  { search: '分' }, // the last character of reasons (「…3學分」)
  { search: '0110005' }, // a student number's digits
  { search: '國文學分' }, // four characters: candidates by gram, checked with LIKE
  { search: '英文成績應為85分' },
  { search: '文學' }, // across two words of the reason
  { search: 'a' }, // ASCII letters match in either case (數學A, 數學a)…
  { search: '數學A成績' },
  { search: 'Ａ組' }, // …full-width ones only as written (「ａ」 finds nothing, below)
  { search: '100%_' }, // % and _ literally
  { search: '王 數學', section: ['registration'] }, // every word: one in the name, one in the reason
  { search: '國文 學分' },
  { search: '多了 國文 英文b' },
  { search: '數學', deadline: ['overdue', 'dueToday'], status: ['new'] },
  { search: '王', className: ['101', '102'], changed: ['no'] },
]

// Search goes through the reason bigrams (migration 0005) and a per-call table of hits, which
// either lead each query or are looked up from the usual index path (QUEUE_TUNING); both must
// find exactly what LIKE '%word%' over name, number and reason finds.
describe.each([
  ['the hits leading', 5000],
  ['the hits looked up from the index path', 0],
])('queue search, %s', (_name, maxLeadingHits) => {
  beforeAll(() => void (QUEUE_TUNING.maxLeadingHits = maxLeadingHits))
  afterAll(() => void (QUEUE_TUNING.maxLeadingHits = 5000))


  it.each(SEARCHES.map((f) => [JSON.stringify(f), f]))('finds and counts what LIKE finds: %s', async (_label, filter) => {
    const got = await t.call('queue.facets', { filter })
    const want = oracleFacets(filter)
    expect(want.total).toBeGreaterThan(0)
    expect(want.total).toBeLessThan(all.length)
    expect(got.total).toBe(want.total)
    for (const facet of FACETS) expect(nonZero(got.facets[facet]), facet).toEqual(want.facets[facet])
    const ids = all.filter((i) => passes(i, filter, null)).map((i) => i.id).sort((a, b) => a - b)
    const list = await t.call('queue.list', { filter, sort: { column: 'reason', direction: 'asc' }, limit: 5000 })
    expect(list.total).toBe(want.total)
    expect(list.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(ids)
    expect(list.rows.map((r) => r.reason)).toEqual([...list.rows.map((r) => r.reason)].sort(byText))
  })

  it('pages a search in any order, every match exactly once', async () => {
    const filter = { search: '了', section: ['registration' as const] }
    const want = all.filter((i) => passes(i, filter, null)).map((i) => i.id).sort((a, b) => a - b)
    for (const sort of [{ column: 'age', direction: 'desc' }, { column: 'className', direction: 'asc' }, { column: 'status', direction: 'desc' }] as const) {
      const seen: number[] = []
      for (let offset = 0; offset < want.length; offset += 53) {
        const page = await t.call('queue.list', { filter, sort, offset, limit: 53 })
        expect(page.total).toBe(want.length)
        seen.push(...page.rows.map((r) => r.id))
      }
      expect(seen.sort((a, b) => a - b), sort.column).toEqual(want)
    }
  })

  it('counts a word found in every student\'s number (typed on the way to one) as no restriction at all', async () => {
    expect(all.every((i) => i.studentNo.startsWith('011'))).toBe(true)
    const everything = await t.call('queue.facets', { filter: { section: ['registration'] } })
    expect(await t.call('queue.facets', { filter: { section: ['registration'], search: '011' } })).toEqual(everything)
    const math = { section: ['registration' as const], search: '數學' }
    expect(await t.call('queue.facets', { filter: { ...math, search: '011 數學' } })).toEqual(await t.call('queue.facets', { filter: math }))
    const list = await t.call('queue.list', { filter: { search: '0 1' }, limit: 1 })
    expect(list.total).toBe(all.length)
  })

  it('finds nothing for a word nobody wrote, and % or _ only where they were written', async () => {
    expect((await t.call('queue.list', { filter: { search: '物理化學' } })).total).toBe(0)
    expect((await t.call('queue.list', { filter: { search: 'ａ' } })).total).toBe(0) // only 「Ａ」 was written
    expect((await t.call('queue.facets', { filter: { search: '數學 物理化學' } })).total).toBe(0)
    const literal = all.filter((i) => i.reason.includes('%')).length
    expect(literal).toBeGreaterThan(0)
    expect((await t.call('queue.list', { filter: { search: '%' } })).total).toBe(literal)
    expect((await t.call('queue.list', { filter: { search: '_' } })).total).toBe(literal)
    expect((await t.call('queue.list', { filter: { search: '1%0' } })).total).toBe(0)
  })
})

// Triage's "select all N matching" reads the matching items in its own transaction, through
// kysely, with the search looked up inline by the query.
describe('"all N matching" with a search', () => {
  it.each(SEARCHES.map((f) => [JSON.stringify(f), f]))('selects what the list finds: %s', async (_label, filter) => {
    const env = await queueEnv(t.core.ctx.db, '2025-10-18 10:00:00')
    const got = await matchingItems(t.core.ctx.db, queueFilterSchema.parse(filter), env)
    expect(got.map((r) => r.id)).toEqual(all.filter((i) => passes(i, filter, null)).map((i) => i.id).sort((a, b) => a - b))
  })
})

/** SQLite's BINARY order: by code point (UTF-8 bytes), as the reason sort gives it. */
const byText = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)]
  return Buffer.compare(x, y)
}
