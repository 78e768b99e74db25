import { sql } from 'kysely'
import type { StudentConfirmation, StudentDetail, StudentItem } from '../../shared/contract/students'
import { ERROR_TYPES, KINDS } from '../../shared/domain'
import type { Db } from '../db/store'
import type { Round } from '../db/schema'
import { AppError } from '../errors'
import { itemAgeHours, itemDeadline } from '../rounds/deadline'
import { roundTerms, toRoundView } from '../rounds/view'
import { studentHistory } from './history'
import { maskNationalId } from '../../shared/nationalId'

export async function findStudent(db: Db, id: number) {
  const student = await db.selectFrom('students').selectAll().where('id', '=', id).executeTakeFirst()
  if (!student) throw new AppError('student-not-found', `找不到這位學生（編號 ${id}），可能已自名冊移除。`)
  return student
}

/**
 * One student as 學生查詢 shows them: each (kind, term) of the round with its confirmation
 * state, every report item — the round's own first, with their deadlines — and what was done
 * about the student (who saw their full national ID, when).
 */
export async function studentDetail(db: Db, id: number, round: Round, now: string): Promise<StudentDetail> {
  const student = await findStudent(db, id)
  const terms = await roundTerms(db, round.id)
  const rows = await db
    .selectFrom('confirmations')
    .select(['kind', 'term', 'state', 'state_text', 'confirmed_at'])
    .where('student_id', '=', id)
    .execute()
  const confirmations: StudentConfirmation[] = terms.map(({ kind, term }) => {
    const row = rows.find((r) => r.kind === kind && r.term === term)
    return { kind, term, state: row?.state ?? null, stateText: row?.state_text ?? null, confirmedAt: row?.confirmed_at ?? null }
  })

  const itemRows = await db.selectFrom('report_items').selectAll().where('student_id', '=', id).execute()
  const activity = await activityCounts(db, id)
  const inRound = (kind: string, term: string) => terms.some((t) => t.kind === kind && t.term === term)
  const items: StudentItem[] = itemRows.map((r) => {
    const counts = inRound(r.kind, r.term) && !r.vanished_at
    const due = counts ? itemDeadline(r, round, now) : null
    return {
      id: r.id, kind: r.kind, term: r.term, section: r.section, errorType: r.error_type, reason: r.reason,
      reportedAt: r.reported_at, status: r.status, resolution: r.resolution, resolutionNote: r.resolution_note,
      reply: r.reply, resubmittedAt: r.resubmitted_at, resubmittedBy: r.resubmitted_by, vanishedAt: r.vanished_at,
      updatedAt: r.updated_at, updatedBy: r.updated_by, changes: activity.changes.get(r.id) ?? 0, notes: activity.notes.get(r.id) ?? 0,
      inRound: inRound(r.kind, r.term),
      deadline: due?.deadline ?? null, deadlineState: due?.state ?? null, ageHours: itemAgeHours(r.reported_at, now),
    }
  })
  items.sort((a, b) =>
    Number(b.inRound) - Number(a.inRound) || b.term.localeCompare(a.term) || KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) ||
    ERROR_TYPES.indexOf(a.errorType) - ERROR_TYPES.indexOf(b.errorType))

  return {
    student: {
      id: student.id, studentNo: student.student_no, name: student.name, className: student.class_name, seat: student.seat,
      grade: student.grade, homeroomTeacher: student.homeroom_teacher, nationalIdMasked: student.national_id ? maskNationalId(student.national_id) : null,
    },
    round: toRoundView(round, terms),
    now,
    confirmations,
    items,
    history: await studentHistory(db, id),
  }
}

/**
 * Per item of the student: the changes its history holds — one per user action, as the
 * history panel groups them (a step's fields together) — and its internal notes.
 */
async function activityCounts(db: Db, studentId: number) {
  const [changes, notes] = await Promise.all([
    db.selectFrom('item_history as h')
      .innerJoin('report_items as i', 'i.id', 'h.item_id')
      .select(['h.item_id', sql<number>`count(DISTINCT coalesce(h.step_id, -h.id))`.as('n')])
      .where('i.student_id', '=', studentId)
      .groupBy('h.item_id')
      .execute(),
    db.selectFrom('notes as n')
      .innerJoin('report_items as i', 'i.id', 'n.item_id')
      .select(['n.item_id', sql<number>`count(*)`.as('n')])
      .where('i.student_id', '=', studentId)
      .groupBy('n.item_id')
      .execute(),
  ])
  return {
    changes: new Map(changes.map((r) => [r.item_id, r.n])),
    notes: new Map(notes.map((r) => [r.item_id, r.n])),
  }
}
