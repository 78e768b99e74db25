import { sql } from 'kysely'
import type { studentCalls } from '../../shared/contract/students'
import type { HandlersOf } from '../context'
import { findRound } from '../rounds/view'
import { nowStamp } from '../time'
import { requireOperator } from '../settings/store'
import { findStudent, studentDetail } from './detail'
import { recordStudentAction } from './history'
import { searchStudents } from './search'

export const studentHandlers: HandlersOf<typeof studentCalls> = {
  'students.count': async (_input, { db }) =>
    db.selectFrom('students').select(sql<number>`count(*)`.as('students')).executeTakeFirstOrThrow(),
  'students.search': async ({ query, limit }, { db }) => searchStudents(db, query, limit),
  'students.get': async ({ id, roundId }, { db, clock }) =>
    db.transaction().execute(async (trx) => studentDetail(trx, id, await findRound(trx, roundId), nowStamp(clock))),
  // The one call that returns a full national ID: it says who asked, and the student's history keeps it.
  'students.revealNationalId': async ({ id }, { db, clock }) => {
    const operator = await requireOperator(db)
    return db.transaction().execute(async (trx) => {
      const { national_id: nationalId } = await findStudent(trx, id)
      if (nationalId) await recordStudentAction(trx, id, 'revealNationalId', operator, nowStamp(clock))
      return { nationalId }
    })
  },
}
