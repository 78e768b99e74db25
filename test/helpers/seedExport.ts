import type { Kysely } from 'kysely'
import type { Database } from '../../src/core/db/schema'
import {
  DEFAULT_ROUTING,
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

export const SEED_ROUND_TERMS: { kind: Kind; term: string }[] = [
  { kind: 'course', term: '1132' },
  { kind: 'cadre', term: '1132' },
  { kind: 'outcome', term: '1131' },
  { kind: 'outcome', term: '1132' },
  { kind: 'performance', term: '1131' },
  { kind: 'performance', term: '1132' },
]

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

export async function seedExportSchool(db: Kysely<Database>): Promise<SeedSchool> {
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
  db: Kysely<Database>,
  student: SeedStudent,
  confirmationId: number,
  batch: number,
  kind: Kind,
  term: string,
  errorType: ErrorType,
  no: number,
): Promise<SeedItem> {
  const status = STATUS_CYCLE[no % STATUS_CYCLE.length]
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
    reason: REASONS[kind][errorType], reply, reportedAt,
  }
}
