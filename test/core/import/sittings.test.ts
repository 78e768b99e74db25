import { expect, it } from 'vitest'
import { lastOfEachSitting, lastSittingStart } from '../../../src/core/import/sittings'

// "The last import" is the morning's files together —
// the workbook, the CSV and the problem list, imported minutes apart — not only the last file:
// the queue's 「上次匯入後新增或變更」 and a point of the dashboard's trend.

it('takes the files imported less than an hour apart as one import', () => {
  expect(lastSittingStart(['2025-10-18 08:40:00', '2025-10-18 08:05:00', '2025-10-18 08:00:00', '2025-10-17 08:00:00'])).toBe('2025-10-18 08:00:00')
  // A chain of short gaps is one sitting, however long in all.
  expect(lastSittingStart(['2025-10-18 10:30:00', '2025-10-18 09:40:00', '2025-10-18 08:50:00', '2025-10-18 08:00:00'])).toBe('2025-10-18 08:00:00')
})

it('starts a new import after an hour without one', () => {
  expect(lastSittingStart(['2025-10-18 15:00:00', '2025-10-18 08:00:00'])).toBe('2025-10-18 15:00:00')
  expect(lastSittingStart(['2025-10-18 09:00:00', '2025-10-18 08:00:00'])).toBe('2025-10-18 09:00:00')
  expect(lastSittingStart(['2025-10-18 08:59:59', '2025-10-18 08:00:00'])).toBe('2025-10-18 08:00:00')
})

it('has no last import before the first', () => {
  expect(lastSittingStart([])).toBeNull()
  expect(lastSittingStart(['2025-10-18 08:00:00'])).toBe('2025-10-18 08:00:00')
})

it('keeps the last import of each sitting for the trend, oldest first', () => {
  const at = (imported_at: string, n: number) => ({ imported_at, n })
  const rows = [
    at('2025-10-17 08:00:00', 1), at('2025-10-17 08:05:00', 2), at('2025-10-17 08:10:00', 3),
    at('2025-10-17 15:00:00', 4),
    at('2025-10-18 08:00:00', 5), at('2025-10-18 08:40:00', 6),
  ]
  expect(lastOfEachSitting(rows).map((r) => r.n)).toEqual([3, 4, 6])
  expect(lastOfEachSitting([])).toEqual([])
})
