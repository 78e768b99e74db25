import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { evolveSchool, generateSchool, writeSchoolFiles, type School, type SchoolFiles } from '../../fixtures/school'
import { importPath, writeSchool } from '../../helpers/schoolImport'
import { serverDump } from '../../helpers/serverDump'
import { fixedClock, joinCore, tempCore, tempDir, type TempCore } from '../../helpers/tempCore'

// On a school's server the last import can be undone by the operator who made it (issue 11,
// item 5): the database exactly as before it, all or nothing, and refused — nothing changed — for
// anyone else, after a later import, or once someone has worked on what it brought in.

/** Moved by every write, and the journal (only the last import's is kept): not part of "as before". */
const NOT_DATA = ['change_marks', 'import_undo', 'import_undo_rows']

const opened: TempCore[] = []
afterEach(async () => {
  // Joined PCs first: the first core's cleanup drops the database.
  for (const t of opened.reverse()) await t.cleanup()
  opened.length = 0
})

async function server(clock = '2025-10-18 10:00'): Promise<TempCore> {
  const t = await tempCore({ backend: 'postgres', clock: fixedClock(clock) })
  opened.push(t)
  await t.call('settings.update', { operatorName: '王大同', section: 'registration' })
  return t
}

async function otherPc(t: TempCore, operatorName = '林雅婷'): Promise<TempCore> {
  const other = await joinCore(t, { clock: fixedClock('2025-10-18 10:30') })
  opened.push(other)
  await other.call('settings.update', { operatorName, section: 'registration' })
  return other
}

/** Undoes the last import as `t`'s operator, after checking the page offers it. */
async function undoLast(t: TempCore) {
  const last = await t.call('import.lastUndoable', {})
  expect(last).toMatchObject({ mine: true, refusal: null })
  return t.call('import.undoLast', { batchId: last!.batchId })
}

const school = (students = 300): School => generateSchool({ students, seed: 7 })

/** The next day's exports of `today`, written to a folder of their own. */
async function nextDay(today: School): Promise<{ school: School; files: SchoolFiles }> {
  const { school: tomorrow } = evolveSchool(today)
  // One student took back one of several errors reported on their course records.
  const report = tomorrow.confirmations.find((c) => c.kind === 'course' && c.reports.length > 1)!
  report.reports.pop()
  return { school: tomorrow, files: await writeSchoolFiles(tomorrow, join(tempDir('next-day-'), 'files')) }
}

describe('undoing the last import on a server', () => {
  it('takes back the confirmation results of the next day: added items, changed reasons, vanished flags and confirmations as they were', async () => {
    const t = await server()
    const { school: today, files } = await writeSchool(school())
    for (const path of [files.roster, files.confirmationsWide, files.confirmationsWideCsv]) await importPath(t, path)
    const tomorrow = await nextDay(today)
    const before = await serverDump(t, NOT_DATA)

    const summary = await importPath(t, tomorrow.files.confirmationsWide)
    // The day's file adds, changes and flags items, and changes confirmations: each is taken back.
    expect(summary.reportItems).toMatchObject({ added: expect.any(Number), updated: expect.any(Number), vanished: expect.any(Number) })
    expect(Math.min(summary.reportItems!.added, summary.reportItems!.updated, summary.reportItems!.vanished, summary.updated)).toBeGreaterThan(0)
    expect(await serverDump(t, NOT_DATA)).not.toEqual(before)

    const last = await t.call('import.lastUndoable', {})
    expect(last).toMatchObject({ fileName: tomorrow.files.confirmationsWide.split('/').pop(), operator: '王大同', mine: true, refusal: null })
    expect(last!.changes.find((c) => c.table === 'report_items')).toMatchObject({ added: summary.reportItems!.added })

    const undone = await t.call('import.undoLast', { batchId: last!.batchId })
    expect(undone.changes).toEqual(last!.changes)
    expect(await serverDump(t, NOT_DATA)).toEqual(before)
    // Nothing more to undo: only the last import is kept.
    expect(await t.call('import.lastUndoable', {})).toBeNull()
  })

  it('takes back the problem list that filled in report times, ticket numbers and replies', async () => {
    const t = await server()
    const { files } = await writeSchool(school())
    for (const path of [files.roster, files.confirmationsWide, files.confirmationsWideCsv]) await importPath(t, path)
    const before = await serverDump(t, NOT_DATA)
    await importPath(t, files.problemList)
    expect(await serverDump(t, NOT_DATA)).not.toEqual(before)
    await undoLast(t)
    expect(await serverDump(t, NOT_DATA)).toEqual(before)
  })

  it('takes back a records file: changed rows get their values back, removed rows return with their ids', async () => {
    const t = await server()
    const { school: today, files } = await writeSchool(school())
    for (const path of [files.roster, files.course]) await importPath(t, path)
    const { school: tomorrow } = evolveSchool(today)
    // The central database dropped one course of a student, who keeps the others.
    const dropped = tomorrow.courseRecords.findIndex((r, i) => tomorrow.courseRecords.some((o, j) => j !== i && o.nationalId === r.nationalId))
    tomorrow.courseRecords.splice(dropped, 1)
    const next = await writeSchoolFiles(tomorrow, join(tempDir('next-day-'), 'files'))
    const before = await serverDump(t, NOT_DATA)

    const summary = await importPath(t, next.course)
    expect(summary.updated).toBeGreaterThan(0)
    expect(summary.vanished).toBe(1)
    const undone = await undoLast(t)
    expect(undone.changes).toEqual([{ table: 'course_records', added: 0, updated: summary.updated, removed: 1 }])
    expect(await serverDump(t, NOT_DATA)).toEqual(before)
  })

  it('takes back a roster: added students go, and national IDs it moved between students go back', async () => {
    const t = await server()
    const today = school()
    const files = await writeSchoolFiles(today, join(tempDir('today-'), 'files'))
    const empty = await serverDump(t, NOT_DATA)
    await importPath(t, files.roster)
    await undoLast(t)
    expect(await serverDump(t, NOT_DATA)).toEqual(empty)

    await importPath(t, files.roster)
    const before = await serverDump(t, NOT_DATA)
    // The office corrected two students' IDs (swapped by mistake) and a name.
    const corrected = structuredClone(today)
    const [a, b] = corrected.students
    ;[a.nationalId, b.nationalId] = [b.nationalId, a.nationalId]
    corrected.students[2].name = '林甯甯'
    const summary = await importPath(t, (await writeSchoolFiles(corrected, join(tempDir('corrected-'), 'files'))).roster)
    expect(summary.updated).toBe(3)
    await undoLast(t)
    expect(await serverDump(t, NOT_DATA)).toEqual(before)
  })

  it('puts back the round the import switched to its school year', async () => {
    // A fresh server in 2026: its round is 115's, until data of 114's round comes in.
    const t = await server('2026-09-01 09:00')
    const { files } = await writeSchool(school())
    await importPath(t, files.roster)
    const before = await serverDump(t, NOT_DATA)
    const summary = await importPath(t, files.confirmationsWide)
    expect(summary.roundNotice?.text).toContain('114 學年度收訖明細確認')
    const last = await t.call('import.lastUndoable', {})
    expect(last!.roundBack).toBe('115 學年度收訖明細確認')
    await undoLast(t)
    expect(await serverDump(t, NOT_DATA)).toEqual(before)
    expect((await t.call('rounds.list', {})).find((r) => r.isCurrent)?.name).toBe('115 學年度收訖明細確認')
  })

  it('imports the file again after an undo exactly as the first time', async () => {
    const t = await server()
    const { files } = await writeSchool(school())
    await importPath(t, files.roster)
    const first = await importPath(t, files.confirmationsWide)
    const stats = await t.call('import.stats', {})
    await undoLast(t)
    // The file's card is gone (it is no longer imported), and the file is new again.
    expect((await t.call('import.staged', {})).map((s) => s.fileName)).not.toContain(first.fileName)
    const again = await importPath(t, files.confirmationsWide)
    expect({ ...again, batchId: 0 }).toEqual({ ...first, batchId: 0 })
    expect(await t.call('import.stats', {})).toEqual(stats)
  })
})

describe('an undo that is refused changes nothing and says why', () => {
  it('is the operator’s own: another PC sees who imported it and is refused', async () => {
    const t = await server()
    const { files } = await writeSchool(school(60))
    await importPath(t, files.roster)
    const other = await otherPc(t)
    const last = await other.call('import.lastUndoable', {})
    expect(last).toMatchObject({ operator: '王大同', mine: false })
    const before = await serverDump(t, NOT_DATA)
    await expect(other.call('import.undoLast', { batchId: last!.batchId })).rejects.toMatchObject({
      code: 'import-undo-not-yours', message: expect.stringContaining('只有 王大同 能'),
    })
    expect(await serverDump(t, NOT_DATA)).toEqual(before)
  })

  it('is only for the last import: an earlier one is refused, naming the one after it', async () => {
    const t = await server()
    const { files } = await writeSchool(school(60))
    const roster = await importPath(t, files.roster)
    const other = await otherPc(t)
    await importPath(other, files.confirmationsWide)
    const before = await serverDump(t, NOT_DATA)
    await expect(t.call('import.undoLast', { batchId: roster.batchId })).rejects.toMatchObject({
      code: 'import-undo-not-last',
      message: expect.stringMatching(/林雅婷 於 114\/10\/18 10:30 又匯入了「收訖確認結果_修課紀錄_幹部經歷\.xlsx」/),
    })
    expect(await serverDump(t, NOT_DATA)).toEqual(before)
    expect(await t.call('import.lastUndoable', {})).toMatchObject({ fileName: '收訖確認結果_修課紀錄_幹部經歷.xlsx', mine: false })
  })

  it('once another clerk decided an item it added, naming the item, who and when', async () => {
    const t = await server()
    const { files } = await writeSchool(school())
    for (const path of [files.roster, files.confirmationsWide]) await importPath(t, path)
    const other = await otherPc(t)
    const [row] = (await other.call('queue.list', { filter: {}, limit: 1 })).rows
    await other.call('triage.decide', { target: { items: [{ id: row.id, version: row.version }] }, to: 'checking' })
    const before = await serverDump(t, NOT_DATA)

    const last = await t.call('import.lastUndoable', {})
    const named = `${row.studentName}（${row.className} ${row.seat}號`
    expect(last!.refusal).toContain(named)
    expect(last!.refusal).toMatch(/由 林雅婷 於 114\/10\/18 10:30 改為「查核中」/)
    await expect(t.call('import.undoLast', { batchId: last!.batchId })).rejects.toMatchObject({
      code: 'import-undo-refused', message: `${last!.refusal}這次沒有變更任何資料。`,
    })
    expect(await serverDump(t, NOT_DATA)).toEqual(before)
  })

  it('once a clerk noted an item whose reason it changed', async () => {
    const t = await server()
    const { school: today, files } = await writeSchool(school())
    for (const path of [files.roster, files.confirmationsWide]) await importPath(t, path)
    const tomorrow = await nextDay(today)
    await importPath(t, tomorrow.files.confirmationsWide)
    const changed = await t.core.ctx.db.selectFrom('import_undo_rows').select('row_id')
      .where('table_name', '=', 'report_items').where('before', 'like', '%"reason"%').executeTakeFirstOrThrow()
    const other = await otherPc(t)
    const { item } = await other.call('triage.item', { id: changed.row_id })
    await other.call('triage.note', { target: { items: [{ id: item.id, version: item.version }] }, body: '已電話聯絡導師' })
    const last = await t.call('import.lastUndoable', {})
    await expect(t.call('import.undoLast', { batchId: last!.batchId })).rejects.toMatchObject({
      code: 'import-undo-refused', message: expect.stringContaining(`${item.studentName}（${item.className} ${item.seat}號`),
    })
    expect((await t.call('triage.item', { id: item.id })).item.reason).toBe(item.reason)
  })

  it('once a student it added had their full national ID shown (it is on their record)', async () => {
    const t = await server()
    const { files } = await writeSchool(school(60))
    await importPath(t, files.roster)
    const other = await otherPc(t)
    const [student] = await t.core.ctx.db.selectFrom('students').select(['id', 'name']).orderBy('id').limit(1).execute()
    await other.call('students.revealNationalId', { id: student.id })
    const last = await t.call('import.lastUndoable', {})
    expect(last!.refusal).toContain(`${student.name}（學號`)
    await expect(t.call('import.undoLast', { batchId: last!.batchId })).rejects.toMatchObject({ code: 'import-undo-refused' })
    expect(await t.core.ctx.db.selectFrom('students').select('id').where('id', '=', student.id).executeTakeFirst()).toBeTruthy()
  })
})

describe('a file on this PC', () => {
  it('keeps its copy before each import instead: no undo is offered', async () => {
    const t = await tempCore({ backend: 'sqlite', clock: fixedClock('2025-10-18 10:00') })
    opened.push(t)
    await t.call('settings.update', { operatorName: '王大同' })
    const { files } = await writeSchool(school(60))
    const summary = await importPath(t, files.roster)
    expect(summary.backup).not.toBeNull()
    expect(await t.call('import.lastUndoable', {})).toBeNull()
  })
})
