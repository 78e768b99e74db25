import { basename } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IMPORT_ORDER, inImportOrder, type BulkImportResult } from '../../../src/shared/contract/import'
import type { FileKey, SchoolFiles } from '../../fixtures/school'
import { stage, stagedById } from '../../helpers/importer'
import { bytesOf, importFiles, writeSchool } from '../../helpers/schoolImport'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { row } from '../../helpers/dbRows'

// 「全部匯入」 on the fixture school, staged in a muddled order as files come off a USB stick:
// roster first, the confirmation results (wide, then the problem list), then the records;
// a stop at the file with row problems until the user says to skip them; a stop at the
// refused file; and in the end the same data as importing file by file in LOAD_ORDER.

const MUDDLED: FileKey[] = [
  'outcome', 'course', 'problemList', 'performance1132', 'roster', 'cadre',
  'confirmationsWideCsv', 'performance1131', 'confirmationsWide', 'rosterBig5',
]

let files: SchoolFiles
let t: TempCore
let reference: TempCore
beforeAll(async () => {
  ;({ files } = await writeSchool())
  const clock = fixedClock('2025-10-17 09:00')
  t = await tempCore({ clock })
  reference = await tempCore({ clock })
  for (const core of [t, reference]) await core.call('settings.update', { operatorName: '陳怡君' })
  await importFiles(reference, files)
}, 240_000)
afterAll(async () => {
  await t.cleanup()
  await reference.cleanup()
})

async function importAll(importRest: boolean): Promise<BulkImportResult> {
  const { jobId } = await t.call('import.commitAll', { importRest })
  return t.core.ctx.jobs.wait<BulkImportResult>(jobId)
}
const ids = new Map<string, string>()
const names = (keys: FileKey[]) => keys.map((k) => basename(files[k]))
const batchNames = async () => (await t.call('import.batches', { limit: 100 })).map((b) => b.fileName).reverse()

describe('import.commitAll (全部匯入)', () => {
  it('orders files by kind, a file of no known kind last, ties in the order given', () => {
    const files = [{ shape: 'course', n: 1 }, { shape: null, n: 2 }, { shape: 'roster', n: 3 }, { shape: 'confirmationLong', n: 4 },
      { shape: 'confirmationWide', n: 5 }, { shape: 'course', n: 6 }, { shape: 'roster', n: 7 }] as const
    expect(inImportOrder(files).map((f) => f.n)).toEqual([3, 7, 5, 4, 1, 6, 2])
    expect(IMPORT_ORDER[0]).toBe('roster')
  })

  it('refuses when there is nothing to import', async () => {
    await expect(t.call('import.commitAll', {})).rejects.toThrow('沒有尚未匯入的檔案')
  })

  it('imports roster, confirmations and problem list first, and stops at the file with row problems, untouched', async () => {
    for (const key of MUDDLED) ids.set(key, (await stage(t, basename(files[key]), bytesOf(files[key]))).id)
    const refused = await stage(t, basename(files.malformed.badQuote.path), bytesOf(files.malformed.badQuote.path))
    expect(refused.status).toBe('refused')

    const result = await importAll(false)
    expect(result.imported.map((f) => f.fileName)).toEqual(names(['roster', 'confirmationsWideCsv', 'confirmationsWide', 'rosterBig5', 'problemList']).sort(byMuddled))
    expect(await batchNames()).toEqual(result.imported.map((f) => f.fileName))
    // The course file's two transferred-out students are rows with problems: the user decides.
    expect(result.stoppedAt).toMatchObject({ fileName: basename(files.course), stagedId: ids.get('course') })
    expect(result.stoppedAt!.message).toContain('2 列資料有問題')
    expect(result.notReached).toBe(5) // cadre, both performance files, outcome, the refused file
    const course = await stagedById(t, ids.get('course')!)
    expect(course).toMatchObject({ status: 'ready', problemRows: 2 })
    expect(course.importError).toContain('「全部匯入」在這個檔案停下')
    expect(await row(t, 'SELECT count(*) AS n FROM course_records')).toEqual({ n: 0 })
    for (const key of ['cadre', 'outcome'] as const) expect((await stagedById(t, ids.get(key)!)).status).toBe('ready')
  })

  it('goes on from there when told to skip rows with problems, and stops at the refused file last', async () => {
    const result = await importAll(true)
    expect(result.imported.map((f) => f.fileName)).toEqual(names(['course', 'cadre', 'performance1132', 'performance1131', 'outcome']).sort(byMuddled))
    expect(result.stoppedAt).toMatchObject({ fileName: basename(files.malformed.badQuote.path) })
    expect(result.stoppedAt!.message).toContain(`第 ${files.malformed.badQuote.row} 列有未成對的引號`)
    expect(result.notReached).toBe(0)
    const course = await stagedById(t, ids.get('course')!)
    expect(course.summary).toMatchObject({ skipped: 2 })
    expect((await t.call('import.staged', {})).filter((s) => s.status !== 'imported').map((s) => s.status)).toEqual(['refused'])
    // The same school as importing file by file in LOAD_ORDER.
    expect(await t.call('import.stats', {})).toEqual(await reference.call('import.stats', {}))
  })
})

/** Within one kind, files keep the order they were staged in. */
function byMuddled(a: string, b: string): number {
  const rank = (name: string) => {
    const key = MUDDLED.find((k) => basename(files[k]) === name)!
    return IMPORT_ORDER.indexOf(SHAPE_OF[key]) * 100 + MUDDLED.indexOf(key)
  }
  return rank(a) - rank(b)
}

const SHAPE_OF: Record<FileKey, (typeof IMPORT_ORDER)[number]> = {
  roster: 'roster', rosterBig5: 'roster', confirmationsWide: 'confirmationWide', confirmationsWideCsv: 'confirmationWide',
  problemList: 'confirmationLong', course: 'course', cadre: 'cadre', performance1131: 'performance', performance1132: 'performance',
  outcome: 'outcome',
}
