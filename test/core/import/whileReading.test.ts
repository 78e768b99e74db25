import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportSummary } from '../../../src/shared/contract/import'
import { readHere } from '../../../src/core/import/reading'
import { savedMappings } from '../../../src/core/import/columnMappings'
import { hashOf } from '../../../src/core/import/stage'
import { importWhileReading } from '../../../src/core/import/whileReading'
import { csvOf, xlsxOf, type Rows } from '../../helpers/importFiles'
import { importBytes } from '../../helpers/importer'
import { fixedClock, tempCore, testBackend, type TempCore } from '../../helpers/tempCore'

// The command line writes a record file while another thread reads it (import/whileReading.ts).
// It must leave the DB, the backups and the summary exactly as the import page's 匯入 (with
// 「略過有問題的列並匯入」) does: here the same files go into two DBs, one each way, and every table
// is compared. The reading runs on this thread (readHere), handing on the same parts in the same
// order as the worker thread the CLI starts (test/cli/import.test.ts runs that one).

const OPERATOR = '陳怡君'
/** The SQLite file is copied before an import that changes it; a server is backed up by its IT. */
const onFile = testBackend() === 'sqlite'
/** On a server the last import's undo journal too (a file keeps backups and leaves it empty). */
const TABLES = ['students', 'course_records', 'cadre_records', 'import_batches', 'rounds', 'round_terms', 'change_marks', 'import_undo', 'import_undo_rows'] as const

// A clock a year on: the fresh DB's round is 115's, and the first record file adopts 114's.
let app: TempCore
let cli: TempCore
beforeEach(async () => {
  ;[app, cli] = await Promise.all([1, 2].map(() => tempCore({ clock: fixedClock('2026-10-17 09:00') })))
  for (const t of [app, cli]) {
    await t.call('settings.update', { operatorName: OPERATOR })
    await importBytes(t, '名冊.csv', csvOf([['學號', '姓名', '班級', '座號', '身分證號'], ['110001', '林小華', '201', '01', 'A123456789'], ['110002', '陳大明', '201', '02', 'B223456789']]))
  }
})
afterEach(async () => {
  await Promise.all([app.cleanup(), cli.cleanup()])
})

async function whileReading(t: TempCore, fileName: string, bytes: Uint8Array): Promise<ImportSummary | null> {
  const reading = readHere({ bytes, fileName, term: null, saved: await savedMappings(t.core.ctx) })
  return importWhileReading(t.core.ctx, reading, { fileName, fileHash: await hashOf(bytes), operator: OPERATOR })
}

/** Every row of the tables an import writes, in a stable order. */
async function tables(t: TempCore) {
  const db = t.core.ctx.db
  const sorted = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort()
  return Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, sorted(await db.selectFrom(table).selectAll().execute())])))
}

/** Imports the file both ways; the summaries must be the same. */
async function bothWays(fileName: string, bytes: Uint8Array): Promise<ImportSummary> {
  const expected = await importBytes(app, fileName, bytes, { importRest: true })
  expect(await whileReading(cli, fileName, bytes)).toEqual(expected)
  return expected
}

const HEAD = ['身分證號', '課程代碼', '科目名稱', '修課學分', '學期學業成績']
const course = (code: string, subject: string, score: number | string, id = 'A123456789') => [id, `113A0000000000000000${code}`, subject, 2, score]

describe('a record file written while it is read', () => {
  it('leaves what the import page leaves: added, skipped rows, the round adopted, updated, removed, unchanged', async () => {
    const first: Record<string, Rows> = {
      學期成績: [HEAD, course('001', '國語文', 80), course('002', '數學', 70), course('003', '體育', 90, 'B223456789'),
        // Someone the roster lacks, and a score that is not one: both skipped and said why.
        course('004', '英文', 60, 'C123456789'), course('005', '歷史', '七十')],
      補修成績: [HEAD, course('009', '國語文', 65)],
    }
    const added = await bothWays('113_2_修課紀錄.xlsx', await xlsxOf(first))
    expect(added).toMatchObject({ added: 4, skipped: 2, backup: onFile ? expect.any(String) : null, roundNotice: expect.objectContaining({ tone: 'info' }) })

    const newer = { 學期成績: [HEAD, course('001', '國語文', 85), course('003', '體育', 90, 'B223456789')], 補修成績: first.補修成績 }
    expect(await bothWays('113_2_修課紀錄.xlsx', await xlsxOf(newer))).toMatchObject({ updated: 1, vanished: 1, unchanged: 2 })
    // The same file again: nothing written but its batch, no backup.
    expect(await bothWays('113_2_修課紀錄.xlsx', await xlsxOf(newer))).toMatchObject({ added: 0, updated: 0, vanished: 0, backup: null })
    const cadre = [['身分證號', '單位名稱', '擔任職務', '開始日期', '幹部等級'], ['A123456789', '201班', '班長', '114/02/01', '2']]
    expect(await bothWays('113_2_幹部經歷.csv', csvOf(cadre))).toMatchObject({ added: 1 })

    expect(await tables(cli)).toEqual(await tables(app))
    // On a server the last import (the cadre file) can be undone from the CLI's DB as from the app's.
    if (!onFile) expect(await cli.call('import.lastUndoable', {})).toEqual(await app.call('import.lastUndoable', {}))
    expect((await cli.call('backups.list', {})).map((b) => b.reason)).toEqual((await app.call('backups.list', {})).map((b) => b.reason))
  })

  it('is rolled back whole when the file is refused after its first rows were written', async () => {
    const before = await tables(cli)
    const backups = await cli.call('backups.list', {})
    // The first sheet has its terms; the second none, and the file's name none either.
    const bytes = await xlsxOf({
      學期成績: [['學年度', '學期', ...HEAD], ['113', '2', ...course('001', '國語文', 80)]],
      補修成績: [HEAD, course('009', '國語文', 65)],
    })
    const refused = await importBytes(app, '修課紀錄.xlsx', bytes, { importRest: true }).catch((error: Error) => error.message)
    expect(refused).toBe('「修課紀錄.xlsx」的資料沒有學年度學期，檔名也看不出來，請先選擇學期。')
    await expect(whileReading(cli, '修課紀錄.xlsx', bytes)).rejects.toThrow(refused)
    expect(await tables(cli)).toEqual(before)
    // On the file, the copy taken at the first change stays: a backup of the DB as it still is.
    expect((await cli.call('backups.list', {})).length).toBe(backups.length + (onFile ? 1 : 0))
  })

  it('leaves a roster or a confirmation file to be analysed whole: it writes nothing and says so', async () => {
    const before = await tables(cli)
    expect(await whileReading(cli, '名冊.csv', csvOf([['學號', '姓名', '班級', '座號', '身分證號'], ['110003', '張美玲', '202', '01', 'C123456789']]))).toBeNull()
    expect(await tables(cli)).toEqual(before)
  })
})
