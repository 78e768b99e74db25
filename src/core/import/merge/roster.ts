import type { RowProblem } from '../../../shared/contract/import'
import type { Student } from '../../db/schema'
import type { RosterRow } from '../kinds/roster'
import { maskNationalId } from '../../../shared/nationalId'
import type { MergeEnv, Plan } from './plan'

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

/** The student as the file has them: what the file does not say is kept as it was. */
function merged(now: Student | undefined, r: RosterRow) {
  return {
    national_id: r.nationalId === undefined ? (now?.national_id ?? null) : r.nationalId,
    name: r.name,
    class_name: r.className,
    seat: r.seat,
    grade: r.grade,
    birth_date: r.birthDate === undefined ? (now?.birth_date ?? null) : r.birthDate,
    homeroom_teacher: r.homeroomTeacher === undefined ? (now?.homeroom_teacher ?? null) : r.homeroomTeacher,
    extra: JSON.stringify(now ? mergedExtra(now.extra, r.extra) : r.extra),
  }
}

const changed = (s: Student, r: RosterRow) => {
  const m = merged(s, r)
  return s.national_id !== m.national_id || s.name !== m.name || s.class_name !== m.class_name || s.seat !== m.seat ||
    s.grade !== m.grade || s.birth_date !== m.birth_date || s.homeroom_teacher !== m.homeroom_teacher || !sameExtra(s.extra, r.extra)
}

/** Students by 學號: added or updated; students the roster no longer lists are kept (they have data). */
export async function planRoster(env: MergeEnv, rows: RosterRow[]): Promise<Plan> {
  const existing = await env.reader.all<Student>('SELECT * FROM students')
  const byNo = new Map(existing.map((s) => [s.student_no, s]))
  const byId = new Map(existing.map((s) => [s.id, s]))
  // The file speaks for the students it lists; a national ID may only be claimed once, and
  // not from a student the file does not list.
  const listed = new Set(rows.filter((r) => r.nationalId !== undefined).map((r) => r.studentNo))
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
    async apply(bulk, batchId) {
      const after = updates.map((u) => ({ id: u.id, values: merged(byId.get(u.id), u.row) }))
      // A national ID moving between two students of this file: clear the old holders first.
      await bulk.update('students', after.filter((u) => byId.get(u.id)!.national_id !== u.values.national_id)
        .map((u) => ({ id: u.id, national_id: null })))
      await bulk.update('students', after.map((u) => ({ id: u.id, ...u.values, last_batch_id: batchId, updated_at: env.now })))
      await bulk.insert('students', inserts.map((r) => ({
        student_no: r.studentNo, ...merged(undefined, r), first_batch_id: batchId, last_batch_id: batchId,
        created_at: env.now, updated_at: env.now,
      })))
    },
  }
}
