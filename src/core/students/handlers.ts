import { sql } from 'kysely'
import type { studentCalls } from '../../shared/contract/students'
import type { HandlersOf } from '../context'
import { findRound } from '../rounds/view'
import { nowStamp } from '../time'
import { findStudent, studentDetail } from './detail'
import { searchStudents } from './search'

export const studentHandlers: HandlersOf<typeof studentCalls> = {
  'students.count': async (_input, { db }) =>
    db.selectFrom('students').select(sql<number>`count(*)`.as('students')).executeTakeFirstOrThrow(),
  'students.search': async ({ query, limit }, { db }) => searchStudents(db, query, limit),
  'students.get': async ({ id, roundId }, { store, clock }) =>
    store.read(async ({ db }) => studentDetail(db, id, await findRound(db, roundId), nowStamp(clock))),
  'students.revealNationalId': async ({ id }, { db }) => ({ nationalId: (await findStudent(db, id)).national_id }),
}
