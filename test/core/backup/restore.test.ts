import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KEEP_BACKUPS, KEEP_SAFETY_BACKUPS } from '../../../src/core/backup/backups'
import { tablesWrittenByTriggers } from '../../../src/core/db/sqlite/file'
import { backupCore, importRosterAt, refusalOf, studentNames } from '../../helpers/backupCore'
import { csvOf, type Rows } from '../../helpers/importFiles'
import { importBytes } from '../../helpers/importer'
import { expectKeptCountsExact } from '../../helpers/keptCounts'
import { dump } from '../../helpers/schoolImport'
import { sqliteOf } from '../../helpers/sqliteOf'

let t: Awaited<ReturnType<typeof backupCore>>
beforeEach(async () => (t = await backupCore()))
afterEach(() => t.cleanup())

const confirmations = (rows: Rows): Rows => [['學號', '學年度學期', '項目', '確認狀態', '資料有多', '資料有少'], ...rows]
const itemReasons = () => (sqliteOf(t.core).prepare('SELECT reason FROM report_items ORDER BY id').all() as { reason: string }[]).map((r) => r.reason)
const listed = async () => (await t.call('backups.list', {})).map((b) => b.name)

describe('restore', () => {
  it('brings the old data back into the running app, after backing up the present', async () => {
    await importRosterAt(t, '2025-10-17 09:00', '林小華')
    const second = await importRosterAt(t, '2025-10-17 10:00', '林曉華')
    expect(studentNames(t)).toEqual(['林曉華', '陳大明'])

    t.clock.set('2025-10-17 11:00')
    const result = await t.call('backups.restore', { name: second.backup! })
    expect(result.restored).toBe(second.backup)
    // The same core, the same connection: the old data is what every call now sees.
    expect(studentNames(t)).toEqual(['林小華', '陳大明'])
    expect((await t.call('import.batches', {})).map((b) => b.fileName)).toEqual(['名冊.csv'])
    const list = await t.call('backups.list', {})
    expect(list[0]).toMatchObject({ name: result.safetyBackup, reason: `陳怡君 還原「${second.backup}」之前` })

    // And the safety copy takes us back to where we were.
    await t.call('backups.restore', { name: result.safetyBackup })
    expect(studentNames(t)).toEqual(['林曉華', '陳大明'])
  })

  it('restores a DB that holds report items: the items, their queue counts and search are the backup\'s', async () => {
    await importRosterAt(t, '2025-10-17 09:00', '林小華')
    t.clock.set('2025-10-17 10:00')
    await importBytes(t, '收訖1.csv', csvOf(confirmations([['110001', '1132', '修課紀錄', '資料錯誤回報', '多了國文', '']])))
    const before = await dump(t)
    t.clock.set('2025-10-17 11:00')
    const second = await importBytes(t, '收訖2.csv', csvOf(confirmations([
      ['110001', '1132', '修課紀錄', '資料錯誤回報', '多了國文', '少了數學'],
      ['110002', '1132', '幹部經歷', '資料錯誤回報', '', '少了班長'],
    ])))
    expect(itemReasons()).toEqual(['多了國文', '少了數學', '少了班長'])

    await t.call('backups.restore', { name: second.backup! })
    expect(itemReasons()).toEqual(['多了國文'])
    expect(await dump(t)).toEqual(before)
    await expectKeptCountsExact(t)
    expect((await t.call('queue.list', { filter: { search: '數學' } })).total).toBe(0)
    expect((await t.call('queue.list', { filter: { search: '國文' } })).total).toBe(1)
  })

  it('finds the tables that triggers keep from the triggers themselves', () => {
    expect(tablesWrittenByTriggers(sqliteOf(t.core))).toEqual(['report_item_facet_counts', 'report_item_search_grams', 'report_item_class_counts', 'report_item_hint_counts'])
  })

  describe('with ten pre-import backups kept', () => {
    beforeEach(async () => {
      for (let i = 0; i < KEEP_BACKUPS; i++) await importRosterAt(t, `2025-10-17 09:${String(i).padStart(2, '0')}`, `林小華${i}`)
      await importRosterAt(t, '2025-10-17 10:00', '林曉華')
      t.clock.set('2025-10-17 11:00')
    })

    it('restoring the oldest deletes none of them: the safety copy is kept beside the ten', async () => {
      const before = await listed()
      expect(before).toHaveLength(KEEP_BACKUPS)
      const result = await t.call('backups.restore', { name: before.at(-1)! })
      expect(studentNames(t)).toEqual(['林小華0', '陳大明'])
      expect(await listed()).toEqual([result.safetyBackup, ...before])
    })

    it(`keeps the last ${KEEP_SAFETY_BACKUPS} safety copies apart from them`, async () => {
      const before = await listed()
      const safety: string[] = []
      for (let i = 0; i <= KEEP_SAFETY_BACKUPS; i++) {
        t.clock.set(`2025-10-17 11:0${i}`)
        safety.unshift((await t.call('backups.restore', { name: before[i] })).safetyBackup)
      }
      expect(await listed()).toEqual([...safety.slice(0, KEEP_SAFETY_BACKUPS), ...before])
    })

    it('a restore that fails deletes no backup and leaves no safety copy behind, however often it is tried', async () => {
      const before = await listed()
      // A backup whose rows contradict each other (a note on an item it does not hold).
      const broken = new BetterSqlite3(join(t.core.ctx.backupDir, before.at(-1)!))
      broken.pragma('foreign_keys = OFF')
      broken.prepare(`INSERT INTO notes (item_id, step_id, at, operator, body) VALUES (999, NULL, '2025-10-17 09:00:00', '陳怡君', '孤兒')`).run()
      broken.close()
      for (let attempt = 0; attempt < 3; attempt++) {
        const error = await refusalOf(t.call('backups.restore', { name: before.at(-1)! }))
        expect(error.code).toBe('restore-failed')
        expect(error.message).toContain(`無法還原「${before.at(-1)}」`)
        expect(error.message).toContain('目前的資料沒有任何變更')
      }
      expect(await listed()).toEqual(before)
      expect(studentNames(t)).toEqual(['林曉華', '陳大明'])
    })
  })

  it('refuses a backup from a newer version of the app, and changes nothing', async () => {
    const first = await importRosterAt(t, '2025-10-17 09:00', '林小華')
    const second = await importRosterAt(t, '2025-10-17 10:00', '林曉華')
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

    expect(studentNames(t)).toEqual(['林曉華', '陳大明'])
  })

  it('refuses a name that is not one of the backups, and a restore without an operator', async () => {
    expect((await refusalOf(t.call('backups.restore', { name: '../receipt-desk.sqlite' }))).code).toBe('backup-not-found')
    const summary = await importRosterAt(t, '2025-10-17 09:00', '林小華')
    sqliteOf(t.core).prepare(`DELETE FROM settings WHERE key LIKE '%operatorName'`).run()
    expect((await refusalOf(t.call('backups.restore', { name: summary.backup! }))).code).toBe('operator-missing')
  })
})
