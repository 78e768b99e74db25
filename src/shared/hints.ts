// Hints from the records (core/hints): what a student's submitted records say about what the
// reason names. The state is what the queue's 「提示」 facet filters by.

export const HINT_STATES = ['present', 'absent', 'mixed', 'none'] as const
export type HintState = (typeof HINT_STATES)[number]
export const HINT_STATE_LABELS: Record<HintState, string> = {
  present: '資料中已有',
  absent: '資料中沒有',
  mixed: '部分已有',
  none: '無提示',
}
