import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { KEEP_BACKUPS } from '../../src/core/backup/backups'
import { openSqliteStore } from '../../src/core/db/sqlite/store'
import { systemClock } from '../../src/core/time'
import { listNames } from '../../src/core/backup/folder'
import type { SchoolFiles } from '../fixtures/school'
import { killCliAt, runCli } from '../helpers/cli'
import { dumpStore, importPath, writeSchool } from '../helpers/schoolImport'
import { tempCore, tempDir, type TempCore } from '../helpers/tempCore'

// kill -9 of the CLI in the middle of an import, at the points where a crash could do harm:
// while the backup before it is being copied, once it is taken, and while the import's rows are
// being written. Each time the DB opens, passes integrity_check and holds exactly what it held
// before; a half-written backup is never listed nor counted among the ten kept, and the next
// start removes it.

let files: SchoolFiles
let dir: string
let db: string
let backupDir: string
let before: Record<string, unknown[]>

/** The DB file as the next start finds it: its integrity and every row. */
async function state(file = db) {
  const store = openSqliteStore(file, { clock: systemClock })
  try {
    return { integrity: store.sqlite.pragma('integrity_check', { simple: true }), rows: await dumpStore(store) }
  } finally {
    await store.close()
  }
}
const leftovers = () => readdirSync(backupDir).filter((n) => n.startsWith('.tmp-'))

/** Opens the app on the DB again, as the next start does; returns what 設定 lists. */
async function reopen(): Promise<string[]> {
  const t: TempCore = await tempCore({ dir })
  try {
    return (await t.call('backups.list', {})).map((b) => b.name)
  } finally {
    await t.core.close()
  }
}

beforeAll(async () => {
  ;({ files } = await writeSchool())
  dir = tempDir()
  const t = await tempCore({ dir })
  await t.call('settings.update', { operatorName: '陳怡君' })
  for (const file of [files.roster, files.confirmationsWide, files.problemList]) await importPath(t, file)
  ;({ dbFile: db, backupDir } = t.core.ctx)
  await t.core.close()
  // Ten backups kept, as after a week of imports: the oldest three times over, a day apart.
  const oldest = listNames(backupDir).at(-1)!
  for (let day = 1; listNames(backupDir).length < KEEP_BACKUPS; day++) {
    const name = `receipt-desk-202510${String(day).padStart(2, '0')}-090000.sqlite`
    copyFileSync(join(backupDir, oldest), join(backupDir, name))
    writeFileSync(join(backupDir, name.replace('.sqlite', '.json')), readFileSync(join(backupDir, oldest.replace('.sqlite', '.json'))))
  }
  before = (await state()).rows
}, 180_000)

describe('kill -9 of the CLI mid-import', () => {
  it('while copying the backup: the DB as before, the half-written copy neither listed nor counted, removed at the next start', async () => {
    const kept = listNames(backupDir)
    await killCliAt('backup-copying', ['import', '--db', db, files.course])
    expect(listNames(backupDir)).toEqual(kept)
    expect(await state()).toEqual({ integrity: 'ok', rows: before })
    // SQLite holds the copied pages of a small DB in memory until the copy ends: the file under
    // its temporary name may still be empty, its journal open beside it. (A name taken in the same
    // second as an earlier backup gets a number: -2, -3.)
    expect(leftovers().map((n) => n.replace(/^\.tmp-\d+-receipt-desk-\d{8}-\d{6}(-\d+)?/, '…'))).toEqual(['….sqlite', '….sqlite-journal'])
    expect(await reopen()).toEqual(kept)
    expect(leftovers()).toEqual([])
  })

  it('with the backup taken: the DB as before, the backup whole and listed, the ten kept the newest', async () => {
    const kept = listNames(backupDir)
    await killCliAt('backup-taken', ['import', '--db', db, files.course])
    expect(await state()).toEqual({ integrity: 'ok', rows: before })
    const listed = await reopen()
    expect(listed.slice(1)).toEqual(kept.slice(0, KEEP_BACKUPS - 1))
    expect(await state(join(backupDir, listed[0]))).toEqual({ integrity: 'ok', rows: before })
  })

  for (const rows of [1000, 15000]) {
    it(`while writing its rows (${rows.toLocaleString()} written): the DB exactly as before`, async () => {
      const kept = listNames(backupDir)
      await killCliAt(`writing:${rows}`, ['import', '--db', db, files.course])
      // A large write goes through a rollback journal (db/sqlite/largeWrite.ts): the kill leaves it
      // hot, and the next open of the file rolls the half-written rows back before anything reads.
      expect(existsSync(`${db}-journal`)).toBe(true)
      expect(await state()).toEqual({ integrity: 'ok', rows: before })
      expect((await reopen()).slice(1)).toEqual(kept.slice(0, KEEP_BACKUPS - 1))
    })
  }

  it('leaves nothing in the way: the same import then runs to the end', async () => {
    const run = runCli(['import', '--db', db, files.course])
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/「113_2_修課紀錄\.xlsx」修課紀錄 1132：新增 \d+/)
    expect((await state()).integrity).toBe('ok')
  })
})
