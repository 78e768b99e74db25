import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KEEP_BACKUPS } from '../../../src/core/backup/backups'
import { csvOf, type Rows } from '../../helpers/importFiles'
import { importBytes } from '../../helpers/importer'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'

let t: TempCore
const clock = fixedClock('2025-10-17 09:00')
beforeEach(async () => {
  clock.set('2025-10-17 09:00')
  t = await tempCore({ clock })
  await t.call('settings.update', { operatorName: '陳怡君' })
})
afterEach(() => t.cleanup())

const roster = (name: string): Rows => [
  ['學號', '姓名', '班級', '座號'],
  ['110001', name, '201', '01'],
  ['110002', '陳大明', '201', '02'],
]
const names = () => (t.core.ctx.sqlite.prepare('SELECT name FROM students ORDER BY student_no').all() as { name: string }[]).map((r) => r.name)
const refusalOf = (promise: Promise<unknown>) =>
  promise.then(() => { throw new Error('expected a refusal') }, (error: Error & { code: string }) => error)

describe('backups', () => {
  it('are taken before each import that changes data, newest first, the last ten kept', async () => {
    for (let i = 0; i < KEEP_BACKUPS + 2; i++) {
      clock.set(`2025-10-17 09:${String(i).padStart(2, '0')}`)
      const summary = await importBytes(t, `名冊${i}.csv`, csvOf(roster(`林小華${i}`)))
      expect(summary.backup).toBe(`receipt-desk-20251017-09${String(i).padStart(2, '0')}00.sqlite`)
    }
    const list = await t.call('backups.list', {})
    expect(list).toHaveLength(KEEP_BACKUPS)
    expect(list[0]).toMatchObject({ name: 'receipt-desk-20251017-091100.sqlite', takenAt: '2025-10-17 09:11:00', reason: '匯入「名冊11.csv」之前', appVersion: 'test', newerVersion: false })
    expect(list.at(-1)?.name).toBe('receipt-desk-20251017-090200.sqlite')
  })

  it('restore brings the old data back into the running app, after backing up the present', async () => {
    await importBytes(t, '名冊.csv', csvOf(roster('林小華')))
    clock.set('2025-10-17 10:00')
    const second = await importBytes(t, '名冊.csv', csvOf(roster('林曉華')))
    expect(names()).toEqual(['林曉華', '陳大明'])

    clock.set('2025-10-17 11:00')
    const result = await t.call('backups.restore', { name: second.backup! })
    expect(result.restored).toBe(second.backup)
    // The same core, the same connection: the old data is what every call now sees.
    expect(names()).toEqual(['林小華', '陳大明'])
    expect((await t.call('import.batches', {})).map((b) => b.fileName)).toEqual(['名冊.csv'])
    const list = await t.call('backups.list', {})
    expect(list[0]).toMatchObject({ name: result.safetyBackup, reason: `陳怡君 還原「${second.backup}」之前` })

    // And the safety copy takes us back to where we were.
    await t.call('backups.restore', { name: result.safetyBackup })
    expect(names()).toEqual(['林曉華', '陳大明'])
  })

  it('refuses a backup from a newer version of the app, and changes nothing', async () => {
    const first = await importBytes(t, '名冊.csv', csvOf(roster('林小華')))
    clock.set('2025-10-17 10:00')
    const second = await importBytes(t, '名冊.csv', csvOf(roster('林曉華')))
    const dir = t.core.ctx.backupDir

    const meta = join(dir, second.backup!.replace('.sqlite', '.json'))
    writeFileSync(meta, JSON.stringify({ ...JSON.parse(readFileSync(meta, 'utf8')), appVersion: '99.0.0' }))
    expect((await t.call('backups.list', {})).find((b) => b.name === second.backup)?.newerVersion).toBe(true)
    const error = await refusalOf(t.call('backups.restore', { name: second.backup! }))
    expect(error.code).toBe('backup-newer-version')
    expect(error.message).toContain('較新版本（99.0.0）')

    // A schema this version does not know, even without the note beside it.
    const file = join(dir, first.backup!)
    const copy = new BetterSqlite3(file)
    copy.prepare(`INSERT INTO kysely_migration (name, timestamp) VALUES ('0099_future', '2030-01-01')`).run()
    copy.close()
    writeFileSync(file.replace('.sqlite', '.json'), '{}')
    expect((await refusalOf(t.call('backups.restore', { name: first.backup! }))).code).toBe('backup-newer-version')

    expect(names()).toEqual(['林曉華', '陳大明'])
  })

  it('refuses a name that is not one of the backups, and a restore without an operator', async () => {
    expect((await refusalOf(t.call('backups.restore', { name: '../receipt-desk.sqlite' }))).code).toBe('backup-not-found')
    await t.call('settings.update', { operatorName: '陳怡君' })
    const summary = await importBytes(t, '名冊.csv', csvOf(roster('林小華')))
    t.core.ctx.sqlite.prepare(`DELETE FROM settings WHERE key = 'operatorName'`).run()
    expect((await refusalOf(t.call('backups.restore', { name: summary.backup! }))).code).toBe('operator-missing')
  })
})
