import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeCourseRecord, makeReportItem } from './factories'
import { tempCore, type TempCore } from './tempCore'

let t: TempCore
beforeEach(async () => (t = await tempCore()))
afterEach(() => t.cleanup())

describe('test-data builders', () => {
  it('make rows the schema accepts, routed to the section of their kind', async () => {
    const db = t.core.ctx.db
    const item = await makeReportItem(db, { kind: 'cadre', error_type: 'missing', reason: '少了班長' })
    expect(item).toMatchObject({ section: 'studentAffairs', status: 'new', version: 1 })
    const student = await db.selectFrom('students').selectAll().where('id', '=', item.student_id).executeTakeFirstOrThrow()
    const record = await makeCourseRecord(db, { national_id: student.national_id!, student_id: student.id })
    expect(record).toMatchObject({ subject_name: '國語文', passed: 'pass' })
  })
})
