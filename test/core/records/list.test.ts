import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  makeCadreRecord,
  makeCourseRecord,
  makeOutcomeRecord,
  makePerformanceRecord,
  makeStudent,
} from '../../helpers/factories'
import { tempCore, type TempCore } from '../../helpers/tempCore'

let t: TempCore
beforeEach(async () => (t = await tempCore()))
afterEach(() => t.cleanup())

describe('records.list', () => {
  it('lists one student\'s course rows of one term with the rows the reasons mention highlighted', async () => {
    const db = t.core.ctx.db
    const s = await makeStudent(db)
    const other = await makeStudent(db)
    const nid = s.national_id!
    await makeCourseRecord(db, { national_id: nid, student_id: s.id, subject_name: '國語文', credits: 4, score: 78 })
    await makeCourseRecord(db, { national_id: nid, student_id: s.id, subject_name: '體育', credits: 2, score: 90 })
    await makeCourseRecord(db, { national_id: nid, student_id: s.id, subject_name: '數學A', credits: 4, score: 59, passed: 'fail' })
    // Not linked to the roster at import: found by national ID.
    await makeCourseRecord(db, { national_id: nid, student_id: null, subject_name: '歷史' })
    await makeCourseRecord(db, { national_id: nid, student_id: s.id, subject_name: '國語文', term: '1131' })
    await makeCourseRecord(db, { national_id: other.national_id!, student_id: other.id, subject_name: '國語文' })

    const result = await t.call('records.list', { studentId: s.id, kind: 'course', term: '1132', reasons: ['多了國文', '數學A學分應為3學分'] })
    expect(result.kind).toBe('course')
    const rows = result.rows as Extract<typeof result, { kind: 'course' }>['rows']
    expect(rows.map((r) => r.subjectName)).toEqual(['國語文', '體育', '數學A', '歷史'])
    expect(rows.map((r) => r.match !== null)).toEqual([true, false, true, false])
    expect(rows[2]).toMatchObject({ passed: 'fail', credits: 4, match: { mentions: ['數學A', '應為3學分'], cells: ['credits'] } })

    const everyTerm = await t.call('records.list', { studentId: s.id, kind: 'course' })
    expect(everyTerm.rows).toHaveLength(5)
  })

  it('lists cadre, performance (with the category\'s columns) and outcome rows', async () => {
    const db = t.core.ctx.db
    const s = await makeStudent(db)
    const nid = s.national_id!
    await makeCadreRecord(db, { national_id: nid, student_id: s.id, role: '副班長' })
    await makePerformanceRecord(db, { national_id: nid, student_id: s.id })
    await makeOutcomeRecord(db, { national_id: nid, student_id: s.id, subject_name: '物理' })

    const cadre = await t.call('records.list', { studentId: s.id, kind: 'cadre', reasons: ['少了副班長'] })
    expect(cadre.rows).toMatchObject([{ role: '副班長', unitName: '201班', level: 'class', match: { mentions: ['副班長'] } }])
    const performance = await t.call('records.list', { studentId: s.id, kind: 'performance', reasons: ['英語演講比賽的獎項錯了'] })
    expect(performance.rows).toMatchObject([{ category: '競賽參與紀錄', fields: { 獎項: '佳作' }, match: { cells: [] } }])
    const outcome = await t.call('records.list', { studentId: s.id, kind: 'outcome', reasons: ['多了物理成果'] })
    expect(outcome.rows).toMatchObject([{ subjectName: '物理', summary: '自由落體實驗報告', match: { mentions: ['物理'] } }])
  })

  it('refuses an unknown student with a message', async () => {
    await expect(t.call('records.list', { studentId: 424242, kind: 'course' })).rejects.toThrow('找不到這位學生')
  })
})
