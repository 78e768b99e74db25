import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KEEP_BACKUPS } from '../../../src/core/backup/backups'
import { backupCore, importRosterAt } from '../../helpers/backupCore'

let t: Awaited<ReturnType<typeof backupCore>>
beforeEach(async () => (t = await backupCore()))
afterEach(() => t.cleanup())

const at = (minute: number) => `2025-10-17 09:${String(minute).padStart(2, '0')}`

describe('backups', () => {
  it('are taken before each import that changes data, newest first, the last ten kept', async () => {
    for (let i = 0; i < KEEP_BACKUPS + 2; i++) {
      const summary = await importRosterAt(t, at(i), `林小華${i}`)
      expect(summary.backup).toBe(`receipt-desk-20251017-09${String(i).padStart(2, '0')}00.sqlite`)
    }
    const list = await t.call('backups.list', {})
    expect(list).toHaveLength(KEEP_BACKUPS)
    expect(list[0]).toMatchObject({ name: 'receipt-desk-20251017-091100.sqlite', takenAt: '2025-10-17 09:11:00', reason: '匯入「名冊.csv」之前', appVersion: 'test', newerVersion: false })
    expect(list.at(-1)?.name).toBe('receipt-desk-20251017-090200.sqlite')
  })

  it('two taken in the same second are both kept, the later one listed first', async () => {
    for (let i = 0; i < KEEP_BACKUPS; i++) await importRosterAt(t, at(i), `林小華${i}`)
    const again = await importRosterAt(t, at(9), '林曉華')
    expect(again.backup).toBe('receipt-desk-20251017-090900-2.sqlite')
    const list = (await t.call('backups.list', {})).map((b) => b.name)
    expect(list.slice(0, 2)).toEqual([again.backup, 'receipt-desk-20251017-090900.sqlite'])
    expect(list.at(-1)).toBe('receipt-desk-20251017-090100.sqlite')
  })
})
