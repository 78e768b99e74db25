import type { StudentAction, StudentHistoryEntry } from '../../shared/contract/students'
import type { Db } from '../db/store'

// What was done about a student rather than one of their items, on the record (0006).

export async function recordStudentAction(db: Db, studentId: number, action: StudentAction, operator: string, at: string) {
  await db.insertInto('student_history').values({ student_id: studentId, action, operator, at }).execute()
}

/** The student's history, newest first. */
export async function studentHistory(db: Db, studentId: number): Promise<StudentHistoryEntry[]> {
  return db
    .selectFrom('student_history')
    .select(['id', 'at', 'operator', 'action'])
    .where('student_id', '=', studentId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}
