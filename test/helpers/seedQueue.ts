import type BetterSqlite3 from 'better-sqlite3'
import { Kysely } from 'kysely'
import type { Database } from '../../src/core/db/schema'
import { SqliteBulkWriter } from '../../src/core/db/sqlite/bulk'
import type { Db, Store } from '../../src/core/db/store'
import { defaultTerms } from '../../src/core/rounds/timeline'
import { DEFAULT_ROUTING, ERROR_TYPES, type ErrorType, type ItemStatus, type Kind } from '../../src/shared/domain'

// A synthetic school straight into the DB in ONE transaction (either backend):
// students in classes, their confirmations and report items, and (optionally) the full
// submitted records. For the queue's tests, its 50,000-item browser test and bench/queue,
// until the importer and the fixture school are on main. Deterministic for a given seed.

export interface SeedOptions {
  /** Students in the roster (40 per class, classes 101…, 201…, 301…). */
  students?: number
  /** Report items to create (at most students × 6 kind-terms × 3 error types). */
  items?: number
  /** Also write every student's submitted records (course, cadre, performance, outcome). */
  records?: boolean
  /** Share of items already past `new`, spread over the workflow. */
  decided?: number
  seed?: number
  /** When the confirmation results were imported (source_changed_at of the items). */
  importedAt?: string
}

export interface SeededSchool {
  students: number
  items: number
  batchId: number
  records: { course: number; cadre: number; performance: number; outcome: number }
}

/** The kind × term pairs of the seed's round (114: 1132 course and cadre, 1131+1132 the others). */
export const SEED_KIND_TERMS = defaultTerms(114)

const SURNAMES = '陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈余盧梁趙顏柯翁魏孫戴'
const GIVEN = '怡君雅婷家豪志明冠宇俊傑宜蓁欣妤承恩子晴柏翰品妍宥廷詩涵彥廷芷瑜宇軒佳穎書豪思妤'
export const SUBJECTS = [
  '國語文', '英語文', '數學A', '歷史', '地理', '公民與社會', '物理', '化學', '生物', '地球科學',
  '音樂', '美術', '體育', '健康與護理', '全民國防教育', '資訊科技', '生活科技',
]
const ROLES = ['班長', '副班長', '學藝股長', '風紀股長', '衛生股長', '總務股長', '康樂股長', '社長', '副社長']
const CLUBS = ['熱音社', '吉他社', '數學研究社', '英語辯論社', '攝影社', '管樂社', '班聯會']
const PERFORMANCE = [
  ['競賽參與紀錄', '全國高中英語演講比賽'], ['競賽參與紀錄', '臺北市科展'], ['檢定證照紀錄', '全民英檢中級'],
  ['服務學習紀錄', '淨灘服務'], ['彈性學習時間紀錄', '自主學習計畫'], ['團體活動時間紀錄', '社團活動'],
] as const

const REASONS: Record<Kind, Record<ErrorType, string[]>> = {
  course: {
    extra: ['多了國文', '多了一科英文', '多了數學A', '多了體育'],
    missing: ['少了數學', '少了化學', '少了地科', '少了音樂'],
    wrong: ['體育錯了', '國文學分應為3學分', '英文成績應為85分', '歷史是否採計學分錯誤'],
  },
  cadre: {
    extra: ['多了班長', '多了熱音社社長'],
    missing: ['少了副班長', '少了學藝股長'],
    wrong: ['職稱應為副社長', '班長的日期錯了'],
  },
  outcome: {
    extra: ['多了物理成果', '多了一件化學'],
    missing: ['少了國文的成果', '少了生物報告'],
    wrong: ['英文成果簡述錯了', '物理學分不對'],
  },
  performance: {
    extra: ['多了淨灘服務', '多了一筆科展'],
    missing: ['少了全民英檢中級', '少了英語演講比賽'],
    wrong: ['英語演講比賽的獎項錯了', '服務學習時數錯誤'],
  },
}

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] }
}

const DECIDED: ItemStatus[] = ['checking', 'checking', 'corrected', 'corrected', 'resubmitted', 'noChange', 'closed', 'disputed']

/**
 * Where a seed writes: a core's store (either backend), or — for migration tests at older
 * versions, which have no store yet — a bare SQLite connection or a bare kysely handle.
 */
export type SeedTarget = Store | BetterSqlite3.Database | Db

type Insert = (table: keyof Database, rows: Record<string, unknown>[], ids?: boolean) => Promise<number[]>

/** Writes rows in ONE transaction: through the store's bulk writer, or prepared statements on a bare connection. */
async function inOneTransaction<T>(target: SeedTarget, fn: (insert: Insert) => Promise<T>): Promise<T> {
  if ('backend' in target) {
    return target.write(async (w) => {
      await w.begin()
      return fn((table, rows, ids) => w.bulk.insert(table, rows as never, { ids }))
    })
  }
  if (target instanceof Kysely) {
    // Row by row where the ids are wanted (their order is then certain), else a few hundred at a time.
    return target.transaction().execute((trx) => fn(async (table, rows, ids) => {
      if (ids) {
        const made: number[] = []
        for (const row of rows) made.push((await trx.insertInto(table).values(row as never).returning('id' as never).executeTakeFirstOrThrow() as { id: number }).id)
        return made
      }
      for (let i = 0; i < rows.length; i += 200) await trx.insertInto(table).values(rows.slice(i, i + 200) as never).execute()
      return []
    }))
  }
  const bulk = new SqliteBulkWriter(target)
  target.exec('BEGIN IMMEDIATE')
  try {
    const result = await fn((table, rows, ids) => bulk.insert(table, rows, { ids }))
    target.exec('COMMIT')
    return result
  } catch (error) {
    if (target.inTransaction) target.exec('ROLLBACK')
    throw error
  }
}

export async function seedSchool(target: SeedTarget, options: SeedOptions = {}): Promise<SeededSchool> {
  const nStudents = options.students ?? 3600
  const nItems = Math.min(options.items ?? 500, nStudents * SEED_KIND_TERMS.length * ERROR_TYPES.length)
  const decided = options.decided ?? 0
  const rnd = prng(options.seed ?? 1)
  const now = options.importedAt ?? '2025-10-16 18:00:00'
  const counts = { course: 0, cadre: 0, performance: 0, outcome: 0 }

  const batchId = await inOneTransaction(target, async (insert) => {
    const [batchId] = await insert('import_batches', [{
      file_name: 'seed.xlsx', file_hash: 'seed', file_kind: 'confirmation', term: null, imported_at: now, operator: '系統',
    }], true)
    const people = Array.from({ length: nStudents }, (_, i) => {
      const grade = 1 + Math.floor(i / Math.ceil(nStudents / 3))
      return {
        student_no: String(110001 + i).padStart(7, '0'),
        national_id: `${String.fromCharCode(65 + (i % 26))}${i % 2 ? 1 : 2}${String(i).padStart(8, '0')}`,
        name: `${SURNAMES[i % SURNAMES.length]}${GIVEN.slice((i * 2) % (GIVEN.length - 1), (i * 2) % (GIVEN.length - 1) + 2)}`,
        class_name: `${grade}${String(1 + (Math.floor(i / 40) % 30)).padStart(2, '0')}`,
        seat: String((i % 40) + 1).padStart(2, '0'),
        grade, birth_date: '2008-05-01', homeroom_teacher: null,
        first_batch_id: batchId, last_batch_id: batchId, created_at: now, updated_at: now,
      }
    })
    const ids = await insert('students', people, true)
    const students = people.map((p, i) => ({ id: ids[i], nationalId: p.national_id }))

    // Each (student, kind-term, error type) at most once: walk a shuffled index space.
    const slots = nStudents * SEED_KIND_TERMS.length * ERROR_TYPES.length
    const stride = pickStride(slots, rnd.int(slots - 1) + 1)
    const confirmations = new Map<string, Record<string, unknown>>()
    const items: { confirmation: string; row: Record<string, unknown> }[] = []
    for (let n = 0, slot = rnd.int(slots); n < nItems; n++, slot = (slot + stride) % slots) {
      const student = students[Math.floor(slot / 18)]
      const { kind, term } = SEED_KIND_TERMS[Math.floor(slot / 3) % 6]
      const errorType = ERROR_TYPES[slot % 3]
      const day = 7 + rnd.int(10)
      const reportedAt = `2025-10-${String(day).padStart(2, '0')} ${String(8 + rnd.int(10)).padStart(2, '0')}:${String(rnd.int(60)).padStart(2, '0')}:00`
      const key = `${student.id}|${kind}|${term}`
      if (!confirmations.has(key)) {
        confirmations.set(key, {
          student_id: student.id, kind, term, state: 'reported', state_text: '資料錯誤回報', confirmed_at: reportedAt,
          first_batch_id: batchId, last_batch_id: batchId, created_at: now, updated_at: now,
        })
      }
      const status = rnd.next() < decided ? rnd.pick(DECIDED) : 'new'
      items.push({ confirmation: key, row: {
        student_id: student.id, kind, term, section: DEFAULT_ROUTING[kind as Kind], error_type: errorType,
        reason: rnd.pick(REASONS[kind as Kind][errorType]), reported_at: reportedAt, status,
        resolution: status === 'noChange' || status === 'closed' ? 'dataCorrect' : null,
        first_batch_id: batchId, last_batch_id: batchId, source_changed_at: now, created_at: now, updated_at: now,
        updated_by: status === 'new' ? null : '系統', version: 1,
      } })
    }
    const confirmationIds = await insert('confirmations', [...confirmations.values()], true)
    const idOf = new Map([...confirmations.keys()].map((key, i) => [key, confirmationIds[i]]))
    await insert('report_items', items.map(({ confirmation, row }) => ({ confirmation_id: idOf.get(confirmation), ...row })))
    if (options.records) Object.assign(counts, await seedRecords(insert, students, batchId, now, rnd))
    return batchId
  })
  return { students: nStudents, items: nItems, batchId, records: counts }
}

/** A step co-prime with n walks every slot once. */
function pickStride(n: number, start: number): number {
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a)
  let s = start
  while (gcd(s, n) !== 1) s++
  return s
}

async function seedRecords(
  insert: Insert,
  students: { id: number; nationalId: string }[],
  batchId: number,
  now: string,
  rnd: ReturnType<typeof prng>,
) {
  const rows = { course: [] as Record<string, unknown>[], cadre: [] as Record<string, unknown>[], performance: [] as Record<string, unknown>[], outcome: [] as Record<string, unknown>[] }
  const common = (s: { id: number; nationalId: string }, term: string, key: string) => ({
    student_id: s.id, national_id: s.nationalId, term, natural_key: key, row_hash: 'h', source: '{}',
    first_batch_id: batchId, last_batch_id: batchId, created_at: now, updated_at: now,
  })
  for (const s of students) {
    for (const term of ['1131', '1132']) {
      SUBJECTS.slice(0, 15).forEach((subject, i) => {
        const score = 50 + rnd.int(50)
        const code = `${term}A000000000${String(i).padStart(9, '0')}`
        rows.course.push({ ...common(s, term, `學期成績|${code}`), sheet: '學期成績', course_code: code, subject_name: subject,
          grade_offered: '2', credits: i < 3 ? 4 : 2, score, passed: score >= 60 ? 'pass' : 'fail', makeup_score: null,
          makeup_passed: 'none', credit_counted: 'counted', qualitative: null })
      })
      for (let k = 0; k < 2; k++) {
        const subject = rnd.pick(SUBJECTS)
        rows.outcome.push({ ...common(s, term, `outcome|${k}`), course_code: null, subject_name: subject, grade_offered: '2',
          credits: 2, summary: `${subject}課程成果報告` })
      }
      for (let k = 0; k < 3; k++) {
        const [category, title] = rnd.pick(PERFORMANCE)
        rows.performance.push({ ...common(s, term, `${category}|${title}|${k}`), category, title, fields: JSON.stringify({ 名稱: title }) })
      }
    }
    const club = rnd.pick(CLUBS)
    const role = rnd.pick(ROLES)
    rows.cadre.push({ ...common(s, '1132', `${club}|${role}`), unit_name: role.includes('社') ? club : '本班', role,
      start_date: '2025-02-01', end_date: '2025-06-30', level: role.includes('社') ? 'club' : 'class' })
  }
  await insert('course_records', rows.course)
  await insert('cadre_records', rows.cadre)
  await insert('performance_records', rows.performance)
  await insert('outcome_records', rows.outcome)
  return { course: rows.course.length, cadre: rows.cadre.length, performance: rows.performance.length, outcome: rows.outcome.length }
}
