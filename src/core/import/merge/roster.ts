import type { RowProblem } from '../../../shared/contract/import'
import type { RosterRow } from '../kinds/roster'
import { maskNationalId } from '../preview'
import type { MergeEnv, Plan } from './plan'

interface StudentNow {
  id: number
  student_no: string
  national_id: string | null
  name: string
  class_name: string
  seat: string
  grade: number | null
  birth_date: string | null
  homeroom_teacher: string | null
  extra: string
}

/**
 * Rosters from different systems carry different extra columns: a newer one adds to and
 * corrects what the others said, and never erases a column it does not have.
 */
const mergedExtra = (stored: string, extra: Record<string, string>): Record<string, string> => ({
  ...(JSON.parse(stored) as Record<string, string>),
  ...extra,
})
const sameExtra = (stored: string, extra: Record<string, string>) => {
  const before = JSON.parse(stored) as Record<string, string>
  return Object.entries(extra).every(([k, v]) => before[k] === v)
}

const changed = (s: StudentNow, r: RosterRow) =>
  s.national_id !== r.nationalId || s.name !== r.name || s.class_name !== r.className || s.seat !== r.seat ||
  s.grade !== r.grade || s.birth_date !== r.birthDate || s.homeroom_teacher !== r.homeroomTeacher || !sameExtra(s.extra, r.extra)

/** Students by 學號: added or updated; students the roster no longer lists are kept (they have data). */
export function planRoster(env: MergeEnv, rows: RosterRow[]): Plan {
  const existing = env.sqlite.prepare('SELECT * FROM students').all() as StudentNow[]
  const byNo = new Map(existing.map((s) => [s.student_no, s]))
  const byId = new Map(existing.map((s) => [s.id, s]))
  // The file speaks for the students it lists; a national ID may only be claimed once, and
  // not from a student the file does not list.
  const listed = new Set(rows.map((r) => r.studentNo))
  const heldOutside = new Map(existing.filter((s) => s.national_id && !listed.has(s.student_no)).map((s) => [s.national_id!, s.student_no]))
  const claimed = new Map<string, string>()
  const inserts: RosterRow[] = []
  const updates: { id: number; row: RosterRow }[] = []
  const skipped: RowProblem[] = []
  let unchanged = 0
  for (const r of rows) {
    const owner = r.nationalId ? (heldOutside.get(r.nationalId) ?? claimed.get(r.nationalId)) : undefined
    if (r.nationalId && owner !== undefined && owner !== r.studentNo) {
      skipped.push({ sheet: r.sheet, row: r.row, column: null, reason: `身分證號 ${maskNationalId(r.nationalId)} 已屬於學號 ${owner} 的學生，這一列未匯入` })
      continue
    }
    if (r.nationalId) claimed.set(r.nationalId, r.studentNo)
    const now = byNo.get(r.studentNo)
    if (!now) inserts.push(r)
    else if (changed(now, r)) updates.push({ id: now.id, row: r })
    else unchanged += 1
  }
  return {
    added: inserts.length,
    updated: updates.length,
    unchanged,
    vanished: 0,
    skipped,
    reportItems: null,
    changes: inserts.length + updates.length,
    apply(batchId) {
      const values = (r: RosterRow, extra = r.extra) => [r.nationalId, r.name, r.className, r.seat, r.grade, r.birthDate, r.homeroomTeacher, JSON.stringify(extra)]
      // A national ID moving between two students of this file: clear the old holders first.
      const release = env.sqlite.prepare('UPDATE students SET national_id = NULL WHERE id = ?')
      for (const u of updates) {
        const before = byId.get(u.id)!
        if (before.national_id !== u.row.nationalId) release.run(u.id)
      }
      const update = env.sqlite.prepare(`UPDATE students SET national_id = ?, name = ?, class_name = ?, seat = ?, grade = ?,
        birth_date = ?, homeroom_teacher = ?, extra = ?, last_batch_id = ?, updated_at = ? WHERE id = ?`)
      for (const u of updates) {
        const before = byId.get(u.id)!
        update.run(...values(u.row, mergedExtra(before.extra, u.row.extra)), batchId, env.now, u.id)
      }
      const insert = env.sqlite.prepare(`INSERT INTO students (student_no, national_id, name, class_name, seat, grade,
        birth_date, homeroom_teacher, extra, first_batch_id, last_batch_id, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      for (const r of inserts) insert.run(r.studentNo, ...values(r), batchId, batchId, env.now, env.now)
    },
  }
}
