import { expect, it } from 'vitest'
import { lastSittingStart } from '../../../src/core/queue/env'

// "New or changed since the last import": the last import is the morning's files together —
// the workbook, the CSV and the problem list, imported minutes apart — not only the last file.

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
