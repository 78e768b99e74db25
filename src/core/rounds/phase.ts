import type { PhaseSpan } from '../../shared/contract/rounds'
import type { RoundTimeline } from './timeline'

// Timestamps are fixed-width Taipei text ('YYYY-MM-DD HH:mm:ss'), so text order is time order.

/** The phases of a round in calendar order; a gap between two windows is a phase of its own. */
export function phaseSchedule(round: RoundTimeline): PhaseSpan[] {
  const spans: PhaseSpan[] = [
    { phase: 'before', start: null, end: round.confirm_start },
    { phase: 'confirm', start: round.confirm_start, end: round.confirm_end },
  ]
  if (round.confirm_end < round.fix_start) spans.push({ phase: 'afterConfirm', start: round.confirm_end, end: round.fix_start })
  spans.push({ phase: 'fix', start: round.fix_start, end: round.fix_end })
  if (round.fix_end < round.recheck_start) spans.push({ phase: 'afterFix', start: round.fix_end, end: round.recheck_start })
  spans.push({ phase: 'recheck', start: round.recheck_start, end: round.recheck_end })
  if (round.recheck_end < round.dispute_end) spans.push({ phase: 'disputes', start: round.recheck_end, end: round.dispute_end })
  const last = round.dispute_end > round.recheck_end ? round.dispute_end : round.recheck_end
  spans.push({ phase: 'after', start: last, end: null })
  return spans
}

/**
 * The phase a Taipei time falls in, with its end for a countdown. Each window is
 * [start, end): at 17:00:00 on the last confirm day, confirming is over.
 */
export function phaseAt(round: RoundTimeline, now: string): PhaseSpan {
  const spans = phaseSchedule(round)
  return (
    spans.find((s) => (s.start === null || s.start <= now) && (s.end === null || now < s.end)) ?? spans[spans.length - 1]
  )
}
