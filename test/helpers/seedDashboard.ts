import type { Insertable } from 'kysely'
import type { ConfirmationsTable, Database, ReportItemsTable, StudentsTable } from '../../src/core/db/schema'
import type { Db } from '../../src/core/db/store'
import { DEFAULT_ROUTING, type ErrorType, type ItemStatus, type Kind } from '../../src/shared/domain'

// A realistic school for the dashboard and the student page, written straight to the DB
// until the importer and the fixture school land on main: several grades of classes, the
// 114 round's six (kind, term) pairs, three confirmation exports as the window closes
// (each recording its unconfirmed-student count, as the importer does), and report items
// in every status, their ages spread so that some are overdue and some due today.
// Deterministic: the same options always give the same school.

export interface SeedOptions {
  classesPerGrade?: number
  studentsPerClass?: number
  roundId: number
  seed?: number
  /** Share of confirmed (kind, term) pairs that are error reports. */
  reportRate?: number
}

export interface SeededSchool {
  students: number
  confirmations: number
  items: number
  /** Unconfirmed students after each of the three exports. */
  trend: number[]
}

const PAIRS: { kind: Kind; term: string }[] = [
  { kind: 'course', term: '1132' }, { kind: 'cadre', term: '1132' },
  { kind: 'outcome', term: '1131' }, { kind: 'outcome', term: '1132' },
  { kind: 'performance', term: '1131' }, { kind: 'performance', term: '1132' },
]
/** The three confirmation exports, and the share of pairs still unconfirmed in each. */
const EXPORTS = [
  { at: '2025-10-08 08:10:00', pending: 0.55, days: [7, 7] },
  { at: '2025-10-13 08:05:00', pending: 0.22, days: [8, 12] },
  { at: '2025-10-16 17:20:00', pending: 0.05, days: [13, 16] },
]
const SURNAMES = '陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周'
const GIVEN = ['怡君', '冠宇', '雅婷', '家豪', '宜蓁', '承恩', '詩涵', '柏翰', '品妤', '宥廷', '子晴', '彥廷', '佳穎', '俊傑', '欣妤', '宇軒']
const SUBJECTS = ['國語文', '英語文', '數學', '物理', '化學', '歷史', '地理', '體育', '音樂', '生物']
const REASONS: Record<Kind, Record<ErrorType, (s: string) => string>> = {
  course: { extra: (s) => `多了${s}`, missing: (s) => `少了${s}`, wrong: (s) => `${s}學分錯了` },
  outcome: { extra: (s) => `多了一件${s}成果`, missing: (s) => `少了${s}的學習成果`, wrong: (s) => `${s}成果檔案錯誤` },
  performance: { extra: () => '多了一筆服務學習', missing: () => '少了全國英語演講比賽', wrong: () => '科展獎項錯誤，應為佳作' },
  cadre: { extra: () => '多了社團幹部', missing: () => '少了班長', wrong: () => '職稱錯誤，應為副班長' },
}

/** mulberry32: a tiny seeded PRNG, so the school is the same on every run. */
function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function insertAll<T extends keyof Database>(db: Db, table: T, rows: Insertable<Database[T]>[]) {
  for (let i = 0; i < rows.length; i += 400) await db.insertInto(table).values(rows.slice(i, i + 400) as never).execute()
}

const NOW = '2025-10-17 08:00:00'

export async function seedDashboardSchool(db: Db, options: SeedOptions): Promise<SeededSchool> {
  const rand = random(options.seed ?? 114)
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]
  const { classesPerGrade = 10, studentsPerClass = 35, roundId, reportRate = 0.035 } = options

  const batch = (values: { file_kind: 'roster' | 'confirmation'; imported_at: string; file_name: string; unconfirmed_students: number | null }) =>
    db.insertInto('import_batches').values({ ...values, round_id: roundId, file_hash: values.file_name, term: null, operator: '陳怡君' })
      .returning('id').executeTakeFirstOrThrow().then((r) => r.id)
  const rosterBatch = await batch({ file_kind: 'roster', imported_at: '2025-10-07 09:00:00', file_name: '學生名冊.xlsx', unconfirmed_students: null })

  const students: Insertable<StudentsTable>[] = []
  for (let grade = 1; grade <= 3; grade++) {
    for (let c = 1; c <= classesPerGrade; c++) {
      const className = `${grade}${String(c).padStart(2, '0')}`
      for (let seat = 1; seat <= studentsPerClass; seat++) {
        const serial = students.length + 1
        const inGrade = (c - 1) * studentsPerClass + seat
        students.push({
          student_no: `${115 - grade}${String(inGrade).padStart(3, '0')}`,
          national_id: `${'ABFH'[serial % 4]}${1 + (serial % 2)}${String(20000000 + serial * 7).slice(-8)}`,
          name: `${SURNAMES[serial % SURNAMES.length]}${pick(GIVEN)}`,
          class_name: className, seat: String(seat).padStart(2, '0'), grade, birth_date: null,
          homeroom_teacher: `${SURNAMES[(c + grade) % SURNAMES.length]}老師`,
          first_batch_id: rosterBatch, last_batch_id: rosterBatch, created_at: NOW, updated_at: NOW,
        })
      }
    }
  }
  await insertAll(db, 'students', students)
  const ids = (await db.selectFrom('students').select('id').orderBy('id').execute()).map((r) => r.id)

  // Each pair is confirmed at some export (or never); some classes lag behind, as in life.
  const lag = new Map(students.map((s) => [s.class_name, rand() * 0.5]))
  const states = ids.flatMap((studentId, i) =>
    PAIRS.map((pair) => {
      const r = rand() * (1 - lag.get(students[i].class_name)!) + lag.get(students[i].class_name)! * 0.4
      const confirmedAt = EXPORTS.findIndex((e) => r > e.pending)
      const reported = confirmedAt >= 0 && rand() < reportRate
      return { studentId, ...pair, confirmedAt, reported }
    }),
  )
  const trend = EXPORTS.map((_, n) => new Set(states.filter((s) => s.confirmedAt < 0 || s.confirmedAt > n).map((s) => s.studentId)).size)
  const batches: number[] = []
  for (const [n, e] of EXPORTS.entries()) {
    batches.push(await batch({ file_kind: 'confirmation', imported_at: e.at, file_name: `收訖確認結果_${e.at.slice(5, 10)}.xlsx`, unconfirmed_students: trend[n] }))
  }

  const confirmations: Insertable<ConfirmationsTable>[] = states.map((s) => ({
    student_id: s.studentId, kind: s.kind, term: s.term,
    state: s.confirmedAt < 0 ? 'unconfirmed' : s.reported ? 'reported' : 'correct',
    state_text: null, confirmed_at: s.confirmedAt < 0 ? null : confirmedAt(EXPORTS[s.confirmedAt].days, rand),
    first_batch_id: batches[0], last_batch_id: batches[2], created_at: NOW, updated_at: NOW,
  }))
  await insertAll(db, 'confirmations', confirmations)

  const reportedRows = await db.selectFrom('confirmations').select(['id', 'student_id', 'kind', 'term', 'confirmed_at']).where('state', '=', 'reported').orderBy('id').execute()
  const items: Insertable<ReportItemsTable>[] = []
  for (const c of reportedRows) {
    const types = (['extra', 'missing', 'wrong'] as const).filter(() => rand() < 0.45)
    for (const errorType of types.length ? types : [pick(['extra', 'missing', 'wrong'] as const)]) {
      const reportedAt = c.confirmed_at!
      const status = statusFor(reportedAt, rand())
      items.push({
        confirmation_id: c.id, student_id: c.student_id, kind: c.kind, term: c.term, section: DEFAULT_ROUTING[c.kind],
        error_type: errorType, reason: REASONS[c.kind][errorType](pick(SUBJECTS)), reported_at: reportedAt, ticket_no: null,
        status, resolution: status === 'noChange' ? 'studentSelection' : null, resolution_note: null, duplicate_of_id: null,
        reply: status === 'noChange' ? '此為原勾選資料，無法於收訖確認修正。' : ['corrected', 'resubmitted', 'closed'].includes(status) ? '已更正並重新提交，請於複查期間確認。' : null,
        resubmitted_at: ['resubmitted', 'closed'].includes(status) ? '2025-10-17 16:00:00' : null,
        resubmitted_by: ['resubmitted', 'closed'].includes(status) ? '陳怡君' : null,
        vanished_at: null, source_changed_at: reportedAt, first_batch_id: batches[2], last_batch_id: batches[2],
        created_at: reportedAt, updated_at: status === 'new' ? reportedAt : '2025-10-17 15:00:00', updated_by: status === 'new' ? null : '陳怡君',
      })
    }
  }
  await insertAll(db, 'report_items', items)
  return { students: students.length, confirmations: confirmations.length, items: items.length, trend }
}

/** A time on a random day of the range (October 2025), in office-and-evening hours. */
function confirmedAt([first, last]: number[], rand: () => number): string {
  const day = first + Math.floor(rand() * (last - first + 1))
  const pad = (n: number) => String(n).padStart(2, '0')
  return `2025-10-${pad(day)} ${pad(8 + Math.floor(rand() * 14))}:${pad(Math.floor(rand() * 60))}:00`
}

/** Older reports have moved further along the workflow; the newest are mostly untouched. */
function statusFor(reportedAt: string, r: number): ItemStatus {
  if (reportedAt < '2025-10-12') return r < 0.15 ? 'new' : r < 0.3 ? 'checking' : r < 0.5 ? 'corrected' : r < 0.7 ? 'resubmitted' : r < 0.85 ? 'noChange' : r < 0.93 ? 'closed' : 'disputed'
  return r < 0.55 ? 'new' : r < 0.8 ? 'checking' : r < 0.92 ? 'corrected' : 'noChange'
}
