import type BetterSqlite3 from 'better-sqlite3'
import type { Db } from '../../src/core/db/store'
import { defaultTerms } from '../../src/core/rounds/timeline'
import {
  DEFAULT_ROUTING,
  ERROR_TYPES,
  type ConfirmationState,
  type ErrorType,
  type ItemStatus,
  type Kind,
  type Resolution,
  type Section,
} from '../../src/shared/domain'
import { makeBatch, makeConfirmation, makeReportItem, makeStudent } from './factories'

// A small school for the export tests, written straight to the DB until the importer and
// the fixture school land: five classes, realistic zh-TW names, every confirmation state,
// every item status, replies, notes and resubmissions. The description it returns is
// plain data, so tests work out what each workbook must hold without asking the exporter.

export interface SeedStudent {
  id: number
  studentNo: string
  name: string
  className: string
  seat: string
  nationalId: string
  teacher: string
}
export interface SeedConfirmation {
  studentNo: string
  kind: Kind
  term: string
  state: ConfirmationState
}
export interface SeedItem {
  id: number
  studentNo: string
  kind: Kind
  term: string
  errorType: ErrorType
  section: Section
  status: ItemStatus
  reason: string
  reply: string | null
  reportedAt: string
  /** A newer export no longer lists it (the student withdrew the report). */
  vanished: boolean
}
export interface SeedSchool {
  students: SeedStudent[]
  confirmations: SeedConfirmation[]
  items: SeedItem[]
  /** The round's pairs (a DB made at 2025-10-17 has the seed's: 1132 course/cadre, 1131+1132 the others). */
  roundTerms: { kind: Kind; term: string }[]
}

const CLASSES: { name: string; teacher: string; students: string[] }[] = [
  { name: '101', teacher: '王美玲', students: ['李承恩', '張家瑜', '陳柏翰', '林語彤', '黃冠宇', '吳欣妤'] },
  { name: '102', teacher: '陳志明', students: ['劉品妍', '蔡宗翰', '楊子晴', '許哲維', '鄭雅筑', '謝承佑'] },
  { name: '201', teacher: '林淑芬', students: ['郭芷瑄', '洪宇翔', '曾詠晴', '邱柏宇', '廖思妤', '賴冠廷'] },
  { name: '202', teacher: '黃建國', students: ['周子芸', '葉俊傑', '蘇怡安', '莊承翰', '呂佳穎', '江宥辰'] },
  { name: '301', teacher: '張雅婷', students: ['何欣怡', '羅宇軒', '高于婷', '潘柏諺', '簡郁涵', '朱皓宇'] },
]

/** The kind × term pairs of the seed's round 114 (1132 course and cadre, 1131+1132 the others). */
export const SEED_ROUND_TERMS = defaultTerms(114)

const REASONS: Record<Kind, Record<ErrorType, string>> = {
  course: { extra: '多了國文', missing: '少了數學甲，實際有修且及格', wrong: '體育成績錯了，應為 85 分' },
  outcome: { extra: '多了一筆物理成果', missing: '少了化學實驗報告（已於期限內上傳）', wrong: '成果簡述不是我寫的內容' },
  performance: { extra: '多了一筆服務學習', missing: '少了全國高中英語演講比賽佳作', wrong: '競賽等級應為全國，不是縣市級' },
  cadre: { extra: '多了一筆社團幹部', missing: '少了班長（113 學年度第 2 學期）', wrong: '擔任職務應為副班長' },
}

// Deterministic "random": the same school every run.
function generator(seed: number) {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

const STATUS_CYCLE: ItemStatus[] = ['new', 'checking', 'corrected', 'resubmitted', 'closed', 'disputed', 'noChange', 'resubmitted', 'new']
const RESOLUTION_CYCLE: Resolution[] = ['dataCorrect', 'studentSelection', 'duplicate', 'other']

export async function seedExportSchool(db: Db): Promise<SeedSchool> {
  const random = generator(20251017)
  const batch = await makeBatch(db, { file_kind: 'confirmation' })
  const school: SeedSchool = { students: [], confirmations: [], items: [], roundTerms: SEED_ROUND_TERMS }
  let n = 0
  let itemNo = 0
  for (const [ci, c] of CLASSES.entries()) {
    for (const [si, name] of c.students.entries()) {
      n += 1
      const letter = 'ABFHK'[ci]
      const nationalId = `${letter}${si % 2 ? 2 : 1}${String(23456700 + n * 37).slice(0, 8)}`
      const row = await makeStudent(db, {
        student_no: `11${String(ci + 1)}${String(si + 1).padStart(3, '0')}`,
        national_id: nationalId,
        name,
        class_name: c.name,
        seat: String(si + 1).padStart(2, '0'),
        grade: Number(c.name[0]),
        homeroom_teacher: c.teacher,
      })
      const student: SeedStudent = {
        id: row.id, studentNo: row.student_no, name, className: c.name, seat: row.seat, nationalId, teacher: c.teacher,
      }
      school.students.push(student)
      for (const { kind, term } of SEED_ROUND_TERMS) {
        const roll = random()
        // Class 102 has confirmed everything: it must get no sheet in the unconfirmed list.
        const state: ConfirmationState =
          c.name === '102' ? (roll < 0.2 ? 'reported' : 'correct') : roll < 0.15 ? 'unconfirmed' : roll < 0.4 ? 'reported' : 'correct'
        const confirmation = await makeConfirmation(db, {
          student_id: row.id, kind, term, state, first_batch_id: batch, last_batch_id: batch,
          confirmed_at: state === 'unconfirmed' ? null : '2025-10-12 20:15:00',
        })
        school.confirmations.push({ studentNo: row.student_no, kind, term, state })
        if (state !== 'reported') continue
        const types: ErrorType[] = random() < 0.3 ? ['extra', 'missing'] : [(['extra', 'missing', 'wrong'] as const)[itemNo % 3]]
        for (const errorType of types) {
          itemNo += 1
          school.items.push(await seedItem(db, student, confirmation.id, batch, kind, term, errorType, itemNo))
        }
      }
    }
  }
  // A report from an earlier round's term: not part of this round, so no workbook lists it.
  const old = school.students[0]
  const oldConfirmation = await makeConfirmation(db, {
    student_id: old.id, kind: 'course', term: '1122', state: 'reported', first_batch_id: batch, last_batch_id: batch,
  })
  await makeReportItem(db, {
    student_id: old.id, confirmation_id: oldConfirmation.id, kind: 'course', term: '1122', error_type: 'wrong',
    reason: '去年的回報', first_batch_id: batch, last_batch_id: batch,
  })
  return school
}

async function seedItem(
  db: Db,
  student: SeedStudent,
  confirmationId: number,
  batch: number,
  kind: Kind,
  term: string,
  errorType: ErrorType,
  no: number,
): Promise<SeedItem> {
  const status = STATUS_CYCLE[no % STATUS_CYCLE.length]
  const vanished = no % 11 === 5
  const decided = status !== 'new' && status !== 'checking'
  const reportedAt = `2025-10-${String(8 + (no % 8)).padStart(2, '0')} ${String(8 + (no % 12)).padStart(2, '0')}:30:00`
  const reply = decided
    ? status === 'noChange'
      ? '經查核，系統資料與學校紀錄相符，免修正。'
      : '已更正並重新提交至中央資料庫，請於再確認期間登入確認。'
    : null
  const item = await makeReportItem(db, {
    student_id: student.id, confirmation_id: confirmationId, kind, term, section: DEFAULT_ROUTING[kind], error_type: errorType,
    reason: REASONS[kind][errorType], reported_at: reportedAt, status,
    resolution: status === 'noChange' ? RESOLUTION_CYCLE[no % RESOLUTION_CYCLE.length] : null,
    resolution_note: status === 'noChange' && no % 4 === 3 ? '學生誤會學期別' : null,
    reply,
    resubmitted_at: ['resubmitted', 'closed', 'disputed'].includes(status) ? '2025-10-20 15:40:00' : null,
    resubmitted_by: ['resubmitted', 'closed', 'disputed'].includes(status) ? '陳怡君' : null,
    updated_at: decided ? '2025-10-20 15:40:00' : reportedAt,
    updated_by: decided ? '陳怡君' : null,
    vanished_at: vanished ? '2025-10-16 18:00:00' : null,
    first_batch_id: batch, last_batch_id: batch,
  })
  if (no % 3 === 0) {
    for (const [i, body] of ['已電話聯絡學生', '已向教學組確認選課紀錄'].entries()) {
      await db
        .insertInto('notes')
        .values({ item_id: item.id, step_id: null, at: `2025-10-18 1${i}:00:00`, operator: '陳怡君', body })
        .execute()
    }
  }
  return {
    id: item.id, studentNo: student.studentNo, kind, term, errorType, section: DEFAULT_ROUTING[kind], status,
    reason: REASONS[kind][errorType], reply, reportedAt, vanished,
  }
}

// Many report items of a large school, bulk-inserted in one transaction: the DB of the
// worklist benchmark (100,000 items, bench/export) and of the progress-bar browser test.
// Students × (kind, term) × error type gives 18 possible items per student; every 13th is
// left out.

const BULK_PAIRS: [Kind, string][] = [
  ['course', '1132'], ['cadre', '1132'], ['outcome', '1131'], ['outcome', '1132'], ['performance', '1131'], ['performance', '1132'],
]
const SURNAMES = '陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周葉蘇莊呂江何蕭羅高潘簡朱鍾彭游詹胡施沈余盧'
const GIVEN = ['家豪', '怡君', '柏翰', '雅婷', '冠宇', '欣妤', '承恩', '子晴', '宥辰', '品妍', '哲維', '思妤', '宇翔', '詠晴']
const BULK_REASONS = ['多了國文', '少了數學甲，實際有修且及格', '體育成績錯了，應為 85 分', '少了全國高中英語演講比賽佳作', '擔任職務應為副班長']
const BULK_STATUSES = ['new', 'checking', 'corrected', 'resubmitted', 'closed', 'disputed', 'noChange'] as const
const BULK_NOW = '2025-10-17 09:00:00'

export function seedManyItems(sqlite: BetterSqlite3.Database, students = 6000, target = 100_000): number {
  const batch = Number(
    sqlite
      .prepare(`INSERT INTO import_batches (file_name, file_hash, file_kind, imported_at, operator) VALUES ('bench.csv', 'bench', 'confirmation', ?, '效能測試')`)
      .run(BULK_NOW).lastInsertRowid,
  )
  const student = sqlite.prepare(`INSERT INTO students (student_no, national_id, name, class_name, seat, grade, homeroom_teacher, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const confirmation = sqlite.prepare(`INSERT INTO confirmations (student_id, kind, term, state, first_batch_id, last_batch_id, created_at, updated_at)
    VALUES (?, ?, ?, 'reported', ?, ?, ?, ?)`)
  const item = sqlite.prepare(`INSERT INTO report_items (confirmation_id, student_id, kind, term, section, error_type, reason, reported_at,
      status, reply, resubmitted_at, resubmitted_by, first_batch_id, last_batch_id, created_at, updated_at, updated_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const note = sqlite.prepare(`INSERT INTO notes (item_id, at, operator, body) VALUES (?, ?, '陳怡君', '已電話聯絡學生，請其再確認')`)
  let made = 0
  let n = 0
  sqlite.transaction(() => {
    for (let s = 0; s < students && made < target; s++) {
      const className = `${1 + Math.floor(s / 2000)}${String(1 + (Math.floor(s / 40) % 50)).padStart(2, '0')}`
      const name = `${SURNAMES[s % SURNAMES.length]}${GIVEN[s % GIVEN.length]}`
      const id = Number(
        student.run(`1${String(s).padStart(6, '0')}`, `A1${String(s).padStart(8, '0')}`, name, className,
          String((s % 40) + 1).padStart(2, '0'), Number(className[0]), `${SURNAMES[(s + 7) % SURNAMES.length]}老師`, BULK_NOW, BULK_NOW).lastInsertRowid,
      )
      for (const [kind, term] of BULK_PAIRS) {
        const c = Number(confirmation.run(id, kind, term, batch, batch, BULK_NOW, BULK_NOW).lastInsertRowid)
        for (const type of ERROR_TYPES) {
          n += 1
          if (n % 13 === 0 || made >= target) continue
          const status = BULK_STATUSES[n % BULK_STATUSES.length]
          const decided = status !== 'new' && status !== 'checking'
          const itemId = Number(
            item.run(c, id, kind, term, DEFAULT_ROUTING[kind], type, BULK_REASONS[n % BULK_REASONS.length], '2025-10-10 10:00:00', status,
              decided ? '已更正並重新提交至中央資料庫，請於再確認期間登入確認。' : null,
              status === 'resubmitted' ? '2025-10-20 15:40:00' : null, status === 'resubmitted' ? '陳怡君' : null,
              batch, batch, BULK_NOW, BULK_NOW, decided ? '陳怡君' : null).lastInsertRowid,
          )
          if (n % 5 === 0) note.run(itemId, BULK_NOW)
          made += 1
        }
      }
    }
  })()
  return made
}
