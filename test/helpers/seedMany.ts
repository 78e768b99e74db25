import type BetterSqlite3 from 'better-sqlite3'
import { DEFAULT_ROUTING, ERROR_TYPES, type Kind } from '../../src/shared/domain'

// Many report items of a large school, bulk-inserted in one transaction: the DB of the
// worklist benchmark (100,000 items, bench/export) and of the progress-bar browser test.
// Students × (kind, term) × error type gives 18 possible items per student; every 13th is
// left out.

const PAIRS: [Kind, string][] = [
  ['course', '1132'], ['cadre', '1132'], ['outcome', '1131'], ['outcome', '1132'], ['performance', '1131'], ['performance', '1132'],
]
const SURNAMES = '陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周葉蘇莊呂江何蕭羅高潘簡朱鍾彭游詹胡施沈余盧'
const GIVEN = ['家豪', '怡君', '柏翰', '雅婷', '冠宇', '欣妤', '承恩', '子晴', '宥辰', '品妍', '哲維', '思妤', '宇翔', '詠晴']
const REASONS = ['多了國文', '少了數學甲，實際有修且及格', '體育成績錯了，應為 85 分', '少了全國高中英語演講比賽佳作', '擔任職務應為副班長']
const STATUSES = ['new', 'checking', 'corrected', 'resubmitted', 'closed', 'disputed', 'noChange'] as const
const NOW = '2025-10-17 09:00:00'

export function seedBench(sqlite: BetterSqlite3.Database, students = 6000, target = 100_000): number {
  const batch = Number(
    sqlite
      .prepare(`INSERT INTO import_batches (file_name, file_hash, file_kind, imported_at, operator) VALUES ('bench.csv', 'bench', 'confirmation', ?, '效能測試')`)
      .run(NOW).lastInsertRowid,
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
          String((s % 40) + 1).padStart(2, '0'), Number(className[0]), `${SURNAMES[(s + 7) % SURNAMES.length]}老師`, NOW, NOW).lastInsertRowid,
      )
      for (const [kind, term] of PAIRS) {
        const c = Number(confirmation.run(id, kind, term, batch, batch, NOW, NOW).lastInsertRowid)
        for (const type of ERROR_TYPES) {
          n += 1
          if (n % 13 === 0 || made >= target) continue
          const status = STATUSES[n % STATUSES.length]
          const decided = status !== 'new' && status !== 'checking'
          const itemId = Number(
            item.run(c, id, kind, term, DEFAULT_ROUTING[kind], type, REASONS[n % REASONS.length], '2025-10-10 10:00:00', status,
              decided ? '已更正並重新提交至中央資料庫，請於再確認期間登入確認。' : null,
              status === 'resubmitted' ? '2025-10-20 15:40:00' : null, status === 'resubmitted' ? '陳怡君' : null,
              batch, batch, NOW, NOW, decided ? '陳怡君' : null).lastInsertRowid,
          )
          if (n % 5 === 0) note.run(itemId, NOW)
          made += 1
        }
      }
    }
  })()
  return made
}
