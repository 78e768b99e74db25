import { existsSync, readdirSync } from 'node:fs'
import { basename } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SchoolFiles } from '../../fixtures/school'
import { commit, stage, stagedById } from '../../helpers/importer'
import { bytesOf, dump, importPath, stateHash, writeSchool } from '../../helpers/schoolImport'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { execute } from '../../helpers/dbRows'

// A file that cannot be read, or a write that fails half-way, leaves the DB exactly as it was:
// the same rows in every table and, on SQLite, the same bytes on disk (after a checkpoint, WAL included).

let files: SchoolFiles
let t: TempCore

beforeAll(async () => {
  ;({ files } = await writeSchool())
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君' })
  await importPath(t, files.roster)
}, 120_000)
afterAll(() => t.cleanup())

// On a server no backup is taken, nor its folder made.
const backups = () => (existsSync(t.core.ctx.backupDir) ? readdirSync(t.core.ctx.backupDir).sort() : [])

async function unchangedBy(action: () => Promise<void>) {
  const hash = await stateHash(t)
  const rows = await dump(t)
  const copies = backups()
  await action()
  expect(await stateHash(t)).toBe(hash)
  expect(await dump(t)).toEqual(rows)
  expect(backups()).toEqual(copies)
}

const refusalOf = (promise: Promise<unknown>) =>
  promise.then(() => { throw new Error('expected a refusal') }, (error: Error & { code: string }) => error)

describe('a file that cannot be read', () => {
  const cases: [string, (f: SchoolFiles) => string, RegExp][] = [
    ['an empty file', (f) => f.malformed.empty, /「空白檔案\.csv」是空的檔案/],
    ['a corrupt workbook', (f) => f.malformed.corruptXlsx, /無法讀取「損壞的名冊\.xlsx」：檔案已損毀/],
    ['a file without a header row', (f) => f.malformed.noHeader, /「說明文件\.xlsx」找不到標題列/],
    ['a file of another kind', (f) => f.malformed.wrongKind, /認不出「出缺勤紀錄\.xlsx」是哪一種資料/],
    ['a CSV with an unclosed quote', (f) => f.malformed.badQuote.path, /「收訖確認結果_引號錯誤\.csv」第 9 列有未成對的引號/],
    ['text in an unknown encoding', (f) => f.malformed.undecodable.path, /無法辨識「收訖確認結果_編碼錯誤\.csv」的文字編碼/],
  ]
  for (const [what, pathOf, message] of cases) {
    it(`is refused with a zh-TW message naming it, the DB byte-identical: ${what}`, async () => {
      await unchangedBy(async () => {
        const path = pathOf(files)
        const staged = await stage(t, basename(path), bytesOf(path))
        expect(staged.status).toBe('refused')
        expect(staged.message).toMatch(message)
        const error = await refusalOf(commit(t, staged.id, true))
        expect(error.code).toBe('staged-not-ready')
        expect(error.message).toContain(basename(path))
      })
    })
  }

  it('names the row of the bad quote as the fixture placed it', async () => {
    const staged = await stage(t, 'q.csv', bytesOf(files.malformed.badQuote.path))
    expect(staged.message).toContain(`第 ${files.malformed.badQuote.row} 列`)
  })
})

describe('a file with some bad rows', () => {
  it('lists each problem with row, column and reason; cancelling changes nothing; importing the rest skips exactly them', async () => {
    const { path, problems } = files.malformed.badValues
    const staged = await stage(t, basename(path), bytesOf(path))
    expect(staged.status).toBe('ready')
    expect(staged.problemRows).toBe(problems.length)
    for (const p of problems) {
      expect(staged.problems, `row ${p.row}`).toContainEqual(expect.objectContaining({ row: p.row, column: p.column, reason: expect.any(String) }))
    }
    expect(staged.problems.find((p) => p.row === problems.find((x) => x.kind === 'unknownStudent')!.row)?.reason).toMatch(/^名冊中沒有學號 \d+ 的學生/)
    expect(staged.problems.find((p) => p.row === problems.find((x) => x.kind === 'badDate')!.row)?.reason).toMatch(/不是日期/)

    await unchangedBy(async () => {
      const error = await refusalOf(commit(t, staged.id, false))
      expect(error.code).toBe('rows-have-problems')
      expect(error.message).toContain(`「${basename(path)}」有 ${problems.length} 列資料有問題`)
    })

    const summary = await commit(t, staged.id, true)
    expect(summary.skipped).toBe(problems.length)
    expect(new Set(summary.skippedReasons.map((r) => r.row))).toEqual(new Set(problems.map((p) => p.row)))
    const dataRows = staged.rows
    expect(summary.added + summary.updated + summary.unchanged).toBe(dataRows - problems.length)
  })
})

/** A trigger that fails the 2,500th course record written, as a full disk would (in each backend's trigger language). */
async function failMidway() {
  if (t.core.ctx.store.backend === 'sqlite') {
    dropFailMidway = 'DROP TRIGGER temp.fail_midway'
    return execute(t, `CREATE TEMP TRIGGER fail_midway AFTER INSERT ON course_records
      WHEN (SELECT count(*) FROM course_records) >= 2500 BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`)
  }
  return execute(t, `CREATE OR REPLACE FUNCTION fail_midway() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT count(*) FROM course_records) >= 2500 THEN RAISE EXCEPTION 'disk I/O error'; END IF;
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER fail_midway AFTER INSERT ON course_records FOR EACH ROW EXECUTE FUNCTION fail_midway()`)
}
let dropFailMidway = 'DROP TRIGGER fail_midway ON course_records'

describe('a write that fails half-way', () => {
  it('leaves nothing of the import behind', async () => {
    // As if the disk filled up after 2,500 rows — after the write has let the event loop run
    // twice (the store's one write): the one transaction rolls back.
    await failMidway()
    try {
      const staged = await stage(t, basename(files.course), bytesOf(files.course))
      const hash = await stateHash(t)
      const rows = await dump(t)
      const error = await refusalOf(commit(t, staged.id, true))
      expect(error.message).toContain('disk I/O error')
      expect(await stateHash(t)).toBe(hash)
      expect(await dump(t)).toEqual(rows)
      // The file stays staged: once the cause is gone, it imports.
      await execute(t, dropFailMidway)
      expect((await stagedById(t, staged.id)).status).toBe('ready')
      expect((await commit(t, staged.id, true)).added).toBeGreaterThan(2500)
    } finally {
      await execute(t, dropFailMidway.replace('DROP TRIGGER', 'DROP TRIGGER IF EXISTS'))
    }
  })
})
