import type { QueueFilterInput, QueueSort } from '../../src/shared/contract/queue'
import { q, type RawScenario } from './raw'

// The refreshes bench/queue times: the page's usual piles and a search (each with a target), and
// searches that find most items (no target).

export const LIMIT = 100

export interface Scenario {
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

export const SCENARIOS: Scenario[] = [
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
  // The 提示 facet (hints from the records, stored on the items: migration 0011).
  {
    name: '(extra) 本組 資料有少 whose records hold it',
    filter: { section: ['registration'], errorType: ['missing'], hint: ['present'] },
    sort: { column: 'age', direction: 'desc' },
    offset: 0,
  },
  {
    name: '(extra) 提示 資料中沒有 in two classes',
    filter: { hint: ['absent'], className: ['101', '205'] },
    sort: { column: 'age', direction: 'desc' },
    offset: 0,
  },
]
