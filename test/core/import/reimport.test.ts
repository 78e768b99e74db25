import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_ROUTING } from '../../../src/shared/domain'
import { evolveSchool, writeSchoolFiles, type EvolveDiff, type School, type SchoolFiles } from '../../fixtures/school'
import { dump, importFiles, importPath, LOAD_ORDER, writeSchool } from '../../helpers/schoolImport'
import { fixedClock, tempCore, tempDir, type TempCore } from '../../helpers/tempCore'
import { execute, row, rows } from '../../helpers/dbRows'

// Tomorrow's export of the same school: what changed is added, updated or flagged; the triage
// work done in between is never touched; what did not change is not written.

/** Rows that record an import happened (the batch, the change mark, on a server the last import's journal). */
const BOOKKEEPING = ['import_batches', 'change_marks', 'import_undo', 'import_undo_rows']

let today: { school: School; files: SchoolFiles }
let tomorrow: { school: School; files: SchoolFiles; diff: EvolveDiff }

beforeAll(async () => {
  today = await writeSchool()
  const evolved = evolveSchool(today.school)
  tomorrow = { ...evolved, files: await writeSchoolFiles(evolved.school, join(tempDir('school-next-'), 'files')) }
}, 180_000)

let t: TempCore
const clock = fixedClock('2025-10-16 08:00')
beforeEach(async () => {
  clock.set('2025-10-16 08:00')
  t = await tempCore({ clock })
  await t.call('settings.update', { operatorName: '陳怡君' })
})
afterEach(() => t.cleanup())

const CONFIRMATIONS = ['confirmationsWide', 'confirmationsWideCsv', 'problemList'] as const

interface ItemRow {
  id: number
  reason: string
  status: string
  reply: string | null
  resolution: string | null
  version: number
  updated_by: string | null
  updated_at: string
  vanished_at: string | null
  source_changed_at: string | null
  section: string
}

function item(key: string): Promise<ItemRow | undefined> {
  const [studentNo, kind, term, type] = key.split('|')
  return row<ItemRow>(t, `SELECT r.* FROM report_items r JOIN students s ON s.id = r.student_id
    WHERE s.student_no = ? AND r.kind = ? AND r.term = ? AND r.error_type = ?`, studentNo, kind, term, type)
}

/** What a section would have done to an item by now: a status, a reply, a note and its history. */
function triage(id: number, status: string) {
  return execute(t,
    [`UPDATE report_items SET status = ?, reply = '已請註冊組查核', resolution = NULL, version = 3,
      updated_by = '林組長', updated_at = '2025-10-16 10:00:00' WHERE id = ?`, status, id],
    [`INSERT INTO notes (item_id, step_id, at, operator, body) VALUES (?, NULL, '2025-10-16 10:00:00', '林組長', '已電話聯絡學生')`, id],
    [`INSERT INTO item_history (item_id, step_id, at, operator, field, old_value, new_value)
      VALUES (?, NULL, '2025-10-16 10:00:00', '林組長', 'status', 'new', ?)`, id, status])
}

const triageOf = (row: ItemRow | undefined) =>
  row && { status: row.status, reply: row.reply, version: row.version, updated_by: row.updated_by, updated_at: row.updated_at }

describe('importing tomorrow’s export', () => {
  it('adds new reports, updates changed reasons and flags vanished ones, keeping every triage decision', async () => {
    await importFiles(t, today.files, ['roster', ...CONFIRMATIONS])
    const { diff } = tomorrow
    const changed = diff.changedReasons[0]
    const removed = diff.removedReports[0]
    await triage((await item(changed))!.id, 'checking')
    await triage((await item(removed))!.id, 'corrected')
    const before = { changed: triageOf(await item(changed)), removed: triageOf(await item(removed)) }
    const { notes, item_history: history } = await dump(t)

    clock.set('2025-10-17 08:30')
    const wide = await importPath(t, tomorrow.files.confirmationsWide)
    const wideCsv = await importPath(t, tomorrow.files.confirmationsWideCsv)
    const sum = (k: 'added' | 'updated' | 'vanished') => (wide.reportItems?.[k] ?? 0) + (wideCsv.reportItems?.[k] ?? 0)
    expect(sum('added')).toBe(diff.addedReports.length)
    expect(sum('updated')).toBe(diff.changedReasons.length)
    expect(sum('vanished')).toBe(diff.removedReports.length)

    const items = new Map(tomorrow.school.confirmations.flatMap((c) => c.reports.map((r) => [`${c.studentNo}|${c.kind}|${c.term}|${r.errorType}`, r])))
    for (const key of diff.changedReasons) {
      expect(await item(key)).toMatchObject({ reason: items.get(key)!.reason, source_changed_at: '2025-10-17 08:30:00', vanished_at: null })
    }
    for (const key of diff.removedReports) expect((await item(key))?.vanished_at).toBe('2025-10-17 08:30:00')
    for (const key of diff.addedReports) {
      expect(await item(key)).toMatchObject({ reason: items.get(key)!.reason, status: 'new', section: DEFAULT_ROUTING[key.split('|')[1] as 'course'] })
    }
    // Triage work is the school's own: status, reply, version, notes and history are as they were.
    expect(triageOf(await item(changed))).toEqual(before.changed)
    expect(triageOf(await item(removed))).toEqual(before.removed)
    expect((await dump(t)).notes).toEqual(notes)
    expect((await dump(t)).item_history).toEqual(history)

    const states = new Map(tomorrow.school.confirmations.map((c) => [`${c.studentNo}|${c.kind}|${c.term}`, c.state]))
    const inDb = await rows<{ student_no: string; kind: string; term: string; state: string }>(t, 'SELECT s.student_no, c.kind, c.term, c.state FROM confirmations c JOIN students s ON s.id = c.student_id')
    for (const key of [...diff.newlyConfirmed, ...diff.newlyReported]) {
      expect(inDb.find((c) => `${c.student_no}|${c.kind}|${c.term}` === key)?.state).toBe(states.get(key))
    }
    const unconfirmed = new Set(tomorrow.school.confirmations.filter((c) => c.state === 'unconfirmed').map((c) => c.studentNo)).size
    expect(wideCsv.unconfirmedStudents).toBe(unconfirmed)

    // Tomorrow's problem list says the same things: nothing more changes.
    const long = await importPath(t, tomorrow.files.problemList)
    expect(long).toMatchObject({ added: 0, updated: 0, vanished: 0 })
  })

  it('never brings back a reply staff cleared: the problem list’s 答覆 fills only a reply nobody has touched', async () => {
    await importFiles(t, today.files, ['roster', 'problemList'])
    const replied = (await row<{ id: number; version: number; reply: string }>(t, 'SELECT id, version, reply FROM report_items WHERE reply IS NOT NULL ORDER BY id LIMIT 1'))!
    expect(replied).toBeDefined()
    await t.call('triage.reply', { target: { items: [{ id: replied.id, version: replied.version }] }, reply: '' })
    const cleared = await row(t, 'SELECT reply, version FROM report_items WHERE id = ?', replied.id)
    expect(cleared).toEqual({ reply: null, version: replied.version + 1 })

    clock.set('2025-10-17 08:30')
    const again = await importPath(t, today.files.problemList)
    expect(again).toMatchObject({ added: 0, updated: 0, vanished: 0 })
    expect(await row(t, 'SELECT reply, version FROM report_items WHERE id = ?', replied.id)).toEqual(cleared)
  })

  it('un-flags a vanished item when a later export lists it again', async () => {
    await importFiles(t, today.files, ['roster', 'confirmationsWide', 'confirmationsWideCsv'])
    await importFiles(t, tomorrow.files, ['confirmationsWide', 'confirmationsWideCsv'])
    const removed = tomorrow.diff.removedReports
    const vanishedAt = async () => Promise.all(removed.map(async (key) => (await item(key))?.vanished_at))
    expect((await vanishedAt()).every((at) => at)).toBe(true)
    clock.set('2025-10-17 12:00')
    const again = [await importPath(t, today.files.confirmationsWide), await importPath(t, today.files.confirmationsWideCsv)]
    expect(again.reduce((n, s) => n + s.reportItems!.returned, 0)).toBe(removed.length)
    expect((await vanishedAt()).every((at) => at === null)).toBe(true)
  })

  it('updates the course records the school corrected, and only those', async () => {
    await importFiles(t, today.files, ['roster', 'course'])
    const summary = await importPath(t, tomorrow.files.course)
    const scores = new Map(tomorrow.school.courseRecords.map((r) => [`${r.nationalId}|${r.term}|${r.courseCode}`, r.score]))
    const before = new Map(today.school.courseRecords.map((r) => [`${r.nationalId}|${r.term}|${r.courseCode}`, r.score]))
    // The diff lists the rows the school touched; a "correction" to the same score changes nothing.
    const corrected = tomorrow.diff.changedCourseRecords.filter((key) => scores.get(key) !== before.get(key))
    expect(corrected.length).toBeGreaterThan(10)
    expect(summary).toMatchObject({ updated: corrected.length, added: 0, vanished: 0, skipped: 2 })
    for (const key of corrected) {
      const [nationalId, term, code] = key.split('|')
      const record = await row(t, 'SELECT score, last_batch_id FROM course_records WHERE national_id = ? AND term = ? AND course_code = ?', nationalId, term, code)
      expect(record).toMatchObject({ score: scores.get(key), last_batch_id: summary.batchId })
    }
  })

  it('re-importing an unchanged file writes no row and takes no backup', async () => {
    await importFiles(t, today.files)
    for (const key of LOAD_ORDER) {
      // The batch row and the change mark record that an import happened, and on a server the
      // journal of the last import (kept for undo) is now this one's; nothing else may change.
      const before = await dump(t, BOOKKEEPING)
      const batches = (await dump(t)).import_batches.length
      const again = await importPath(t, today.files[key])
      expect(again, key).toMatchObject({ added: 0, updated: 0, vanished: 0, backup: null })
      expect(again.unchanged, key).toBeGreaterThan(0)
      expect(await dump(t, BOOKKEEPING), key).toEqual(before)
      expect((await dump(t)).import_batches.length).toBe(batches + 1)
      // Nothing to undo: its journal (on a server) keeps no row.
      expect((await dump(t)).import_undo_rows, key).toEqual([])
    }
  }, 120_000)
})
