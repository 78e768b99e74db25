import { describe, expect, it } from 'vitest'
import { phaseAt, phaseSchedule } from '../../../src/core/rounds/phase'
import { defaultTimeline } from '../../../src/core/rounds/timeline'

const round = defaultTimeline(114)
const phase = (now: string) => phaseAt(round, now)

describe('the phase of the round at a Taipei time', () => {
  it('counts down to the confirm start before it opens, and opens at 08:00:00 sharp', () => {
    expect(phase('2025-10-07 07:59:59')).toEqual({ phase: 'before', start: null, end: '2025-10-07 08:00:00' })
    expect(phase('2025-10-07 08:00:00')).toEqual({ phase: 'confirm', start: '2025-10-07 08:00:00', end: '2025-10-16 17:00:00' })
  })

  it('is still confirming at 16:59:59 on the last day, and no longer at 17:00:00', () => {
    expect(phase('2025-10-16 16:59:59').phase).toBe('confirm')
    expect(phase('2025-10-16 17:00:00')).toEqual({ phase: 'afterConfirm', start: '2025-10-16 17:00:00', end: '2025-10-17 00:00:00' })
  })

  it('fixes from 10/17 to the end of 10/21, then waits for the re-check', () => {
    expect(phase('2025-10-17 00:00:00').phase).toBe('fix')
    expect(phase('2025-10-21 23:59:58')).toMatchObject({ phase: 'fix', end: '2025-10-21 23:59:59' })
    expect(phase('2025-10-21 23:59:59')).toEqual({ phase: 'afterFix', start: '2025-10-21 23:59:59', end: '2025-10-22 08:00:00' })
  })

  it('re-checks until 10:29:59 on 10/23 and is closed at 10:30:00', () => {
    expect(phase('2025-10-22 08:00:00').phase).toBe('recheck')
    expect(phase('2025-10-23 10:29:59')).toMatchObject({ phase: 'recheck', end: '2025-10-23 10:30:00' })
    expect(phase('2025-10-23 10:30:00')).toEqual({ phase: 'after', start: '2025-10-23 10:30:00', end: null })
  })

  it('has a disputes phase only when disputes close after the re-check', () => {
    const later = { ...round, dispute_end: '2025-10-24 17:00:00' }
    expect(phaseAt(later, '2025-10-23 10:30:00')).toEqual({ phase: 'disputes', start: '2025-10-23 10:30:00', end: '2025-10-24 17:00:00' })
    expect(phaseAt(later, '2025-10-24 17:00:00').phase).toBe('after')
    expect(phaseSchedule(round).map((s) => s.phase)).not.toContain('disputes')
  })

  it('has no gap phase when one window starts the second the last one ends', () => {
    const seamless = { ...round, fix_start: '2025-10-16 17:00:00' }
    expect(phaseAt(seamless, '2025-10-16 17:00:00').phase).toBe('fix')
    expect(phaseSchedule(seamless).map((s) => s.phase)).toEqual(['before', 'confirm', 'fix', 'afterFix', 'recheck', 'after'])
  })
})
