import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ensureHints } from '../../../src/core/hints/refresh'
import type { ErrorType, Kind } from '../../../src/shared/domain'
import {
  makeCadreRecord,
  makeCourseRecord,
  makeOutcomeRecord,
  makePerformanceRecord,
  makeReportItem,
  makeStudent,
} from '../../helpers/factories'
import { tempCore, type TempCore } from '../../helpers/tempCore'

// Hints from the records (issue 12, item 4), as the issue words them: each item's reason read
// against the student's submitted records of that kind and term. Items made here have no hint
// yet, as after the migration; core works them out as it does at start.

let t: TempCore
beforeEach(async () => (t = await tempCore()))
afterEach(() => t.cleanup())

async function hintsOf(reports: { kind: Kind; term?: string; errorType: ErrorType; reason: string }[], studentId: number) {
  const db = t.core.ctx.db
  const ids: number[] = []
  for (const r of reports) {
    ids.push((await makeReportItem(db, { student_id: studentId, kind: r.kind, term: r.term ?? '1132', error_type: r.errorType, reason: r.reason })).id)
  }
  await ensureHints(t.core.ctx.store)
  const page = await t.call('queue.list', { filter: {}, limit: 100 })
  const byId = new Map(page.rows.map((row) => [row.id, row]))
  return ids.map((id) => ({ state: byId.get(id)!.hintState, text: byId.get(id)!.hint }))
}

describe('hints from the records', () => {
  it('says the records already hold a subject the student says is missing, how many of one said to be extra, and when they lack it', async () => {
    const db = t.core.ctx.db
    const s = await makeStudent(db)
    const nid = s.national_id!
    await makeCourseRecord(db, { national_id: nid, student_id: s.id, subject_name: '體育', score: 69, passed: 'pass' })
    await makeCourseRecord(db, { national_id: nid, student_id: s.id, subject_name: '物理', score: 58, passed: 'fail' })
    // Another term's 地理 is not this term's.
    await makeCourseRecord(db, { national_id: nid, student_id: s.id, subject_name: '地理', term: '1131' })
    const other = await makeStudent(db)
    const hints = await hintsOf([{ kind: 'course', errorType: 'missing', reason: '少了體育' }], s.id)
    expect(hints).toEqual([{ state: 'present', text: '資料中已有體育（69 分，及格）' }])
    expect(await hintsOf([{ kind: 'course', errorType: 'extra', reason: '多了一筆物理' }], other.id))
      .toEqual([{ state: 'absent', text: '資料中沒有此科目' }])
    const third = await makeStudent(db)
    await makeCourseRecord(db, { national_id: third.national_id!, student_id: third.id, subject_name: '物理' })
    expect(await hintsOf([{ kind: 'course', errorType: 'extra', reason: '多了一筆物理' }], third.id))
      .toEqual([{ state: 'present', text: '資料中只有 1 筆物理' }])
    const fourth = await makeStudent(db)
    await makeCourseRecord(db, { national_id: fourth.national_id!, student_id: fourth.id, subject_name: '地理', term: '1131' })
    expect(await hintsOf([{ kind: 'course', errorType: 'missing', reason: '少了地理，我有修' }], fourth.id))
      .toEqual([{ state: 'absent', text: '資料中沒有此科目' }])
  })

  it('gives no hint to a reason that names nothing the app recognises', async () => {
    const s = await makeStudent(t.core.ctx.db)
    await makeCourseRecord(t.core.ctx.db, { national_id: s.national_id!, student_id: s.id, subject_name: '體育' })
    expect(await hintsOf([{ kind: 'course', errorType: 'missing', reason: '少了一科，請幫我查' }], s.id)).toEqual([{ state: 'none', text: null }])
  })

  it('reads cadre by post and unit, performances by title and outcomes by subject, and does not take 副班長 for 班長', async () => {
    const db = t.core.ctx.db
    const s = await makeStudent(db)
    const nid = s.national_id!
    await makeCadreRecord(db, { national_id: nid, student_id: s.id, unit_name: '201班', role: '班長' })
    await makePerformanceRecord(db, { national_id: nid, student_id: s.id, title: '臺北市英語演講比賽' })
    await makeOutcomeRecord(db, { national_id: nid, student_id: s.id, subject_name: '物理' })
    const hints = await hintsOf([
      { kind: 'cadre', errorType: 'missing', reason: '少了副班長' },
      { kind: 'cadre', term: '1131', errorType: 'missing', reason: '我有當班長但沒有資料' },
      { kind: 'performance', errorType: 'missing', reason: '少了英語演講比賽' },
      { kind: 'outcome', errorType: 'extra', reason: '多了一件物理的成果' },
    ], s.id)
    expect(hints).toEqual([
      { state: 'absent', text: '資料中沒有此職務' },
      // The cadre row is of 1132: in 1131 the records lack it.
      { state: 'absent', text: '資料中沒有此職務' },
      { state: 'present', text: '資料中已有「臺北市英語演講比賽」（競賽參與紀錄）' },
      { state: 'present', text: '資料中只有 1 件物理的成果' },
    ])
  })

  it('finds a record by national ID when the roster link was not made, as the records table does', async () => {
    const db = t.core.ctx.db
    const s = await makeStudent(db)
    await makeCourseRecord(db, { national_id: s.national_id!, student_id: null, subject_name: '健康與護理', score: 88 })
    expect(await hintsOf([{ kind: 'course', errorType: 'missing', reason: '健護的成績沒有出現' }], s.id))
      .toEqual([{ state: 'present', text: '資料中已有健康與護理（88 分，及格）' }])
  })

  it('counts the 提示 facet as the items say, through hints worked out, decisions and items removed (the kept cube, both backends)', async () => {
    const db = t.core.ctx.db
    const s = await makeStudent(db)
    await makeCourseRecord(db, { national_id: s.national_id!, student_id: s.id, subject_name: '體育' })
    const reports = [
      { kind: 'course' as const, errorType: 'missing' as const, reason: '少了體育' },
      { kind: 'course' as const, term: '1131', errorType: 'extra' as const, reason: '多了地理' },
      { kind: 'outcome' as const, errorType: 'wrong' as const, reason: '成績不對' },
      { kind: 'cadre' as const, errorType: 'missing' as const, reason: '少了班長' },
    ]
    await hintsOf(reports, s.id)
    const key = 'section, status, kind, term, error_type, vanished_at, source_changed_at, hint_state'
    const kept = async () => (await sql.raw(`SELECT ${key}, n FROM report_item_hint_counts ORDER BY ${key}`).execute(db)).rows
    const live = async () => (await sql.raw(`SELECT section, status, kind, term, error_type, coalesce(vanished_at, '') AS vanished_at,
        coalesce(source_changed_at, '') AS source_changed_at, coalesce(hint_state, 'none') AS hint_state, count(*) AS n
      FROM report_items GROUP BY section, status, kind, term, error_type, coalesce(vanished_at, ''), coalesce(source_changed_at, ''),
        coalesce(hint_state, 'none') ORDER BY ${key}`).execute(db)).rows
    const facet = async () => Object.fromEntries((await t.call('queue.facets', { filter: {} })).facets.hint.map((v) => [v.value, v.count]))
    expect(await kept()).toEqual(await live())
    expect(await facet()).toEqual({ present: 1, absent: 2, mixed: 0, none: 1 })

    await t.call('settings.update', { operatorName: '陳怡君' })
    const page = await t.call('queue.list', { filter: { hint: ['present'] }, limit: 10 })
    await t.call('triage.decide', { target: { items: page.rows.map((r) => ({ id: r.id, version: r.version })) }, to: 'checking' })
    await db.deleteFrom('report_items').where('reason', '=', '成績不對').execute()
    expect(await kept()).toEqual(await live())
    expect(await t.call('queue.facets', { filter: { status: ['checking'] } }).then((f) => f.facets.hint.find((v) => v.value === 'present')?.count)).toBe(1)
    expect(await facet()).toEqual({ present: 1, absent: 2, mixed: 0, none: 0 })
  })
})
