import { sql } from 'kysely'
import type { studentCalls } from '../../shared/contract/students'
import type { HandlersOf } from '../context'
import { findRound } from '../rounds/view'
import { nowStamp } from '../time'
import { ownerOf, requireOperator } from '../settings/store'
import { findStudent, studentDetail } from './detail'
import { recordStudentAction } from './history'
import { searchStudents } from './search'

export const studentHandlers: HandlersOf<typeof studentCalls> = {
  'students.count': async (_input, { db }) =>
    db.selectFrom('students').select(sql<number>`count(*)`.as('students')).executeTakeFirstOrThrow(),
  'students.search': async ({ query, limit }, { db }) => searchStudents(db, query, limit),
  'students.get': async ({ id, roundId }, { store, clock }) =>
    store.read(async ({ db }) => studentDetail(db, id, await findRound(db, roundId), nowStamp(clock))),
  // The one call that returns a full national ID: it says who asked, and the student's history keeps it.
  'students.revealNationalId': async ({ id }, ctx) => {
    const operator = await requireOperator(ctx.db, ownerOf(ctx))
    return ctx.store.write(async (w) => {
      await w.begin()
      const { national_id: nationalId } = await findStudent(w.db, id)
      if (nationalId) await recordStudentAction(w.db, id, 'revealNationalId', operator, nowStamp(ctx.clock))
      return { nationalId }
    }, { operator })
  },
}
