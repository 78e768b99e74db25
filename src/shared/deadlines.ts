import { parseTaipeiTimestamp, toTaipeiTimestamp } from './dates'

/**
 * How a round sets the deadline by which the school must have investigated a report
 * (DESIGN.md §1). Each rule is "from some start, plus the round's investigation days, never
 * after the fix window's end"; they differ only in where the count starts:
 * - fromFixStart: when the school can act on the report — the later of the report and the
 *   fix window's start. Nothing is late before the school may touch it. The default.
 * - fromReport: the report itself, for a school that investigates during the confirm window.
 * - fixEnd: every item is due at the fix window's end.
 */
export const DEADLINE_RULES = ['fromFixStart', 'fromReport', 'fixEnd'] as const
export type DeadlineRule = (typeof DEADLINE_RULES)[number]
export const DEFAULT_DEADLINE_RULE: DeadlineRule = 'fromFixStart'

export const DEADLINE_RULE_LABELS: Record<DeadlineRule, string> = {
  fromFixStart: '自可處理時起算',
  fromReport: '自學生回報時起算',
  fixEnd: '一律至修正期間結束',
}

/** The rule in a few words with its days: '自可處理時起算 3 天', '一律至修正期間結束'. */
export const deadlineRuleSummary = (rule: DeadlineRule, days: number) =>
  rule === 'fixEnd' ? DEADLINE_RULE_LABELS[rule] : `${DEADLINE_RULE_LABELS[rule]} ${days} 天`

/** One line each, for 設定: what the rule does with the round's investigation days. */
export function deadlineRuleExplanation(rule: DeadlineRule, days: number): string {
  switch (rule) {
    case 'fromFixStart':
      return `回報時間與修正開始兩者較晚者起算 ${days} 天，最晚為修正截止；修正期間開始前不會逾期。`
    case 'fromReport':
      return `學生回報後 ${days} 天，最晚為修正截止；確認期間就要開始查核的學校適用。`
    case 'fixEnd':
      return '所有回報項目都在修正截止時到期。'
  }
}

/** What the rule needs of a round. */
export interface DeadlinePolicy {
  rule: DeadlineRule
  days: number
  fixStart: string
  fixEnd: string
}

/**
 * Where the count starts at the earliest: '' (no floor: the report itself), the fix start, or
 * the fix end (so that every deadline is the fix end). The deadline of a report at `r` is then
 * min(max(r, floor) + days, fix end) for every rule — one formula, which grows with r.
 */
export function deadlineFloor(policy: DeadlinePolicy): string {
  switch (policy.rule) {
    case 'fromReport':
      return ''
    case 'fromFixStart':
      return policy.fixStart
    case 'fixEnd':
      return policy.fixEnd
  }
}

const DAY_MS = 24 * 60 * 60 * 1000

/** A Taipei timestamp moved by whole days (negative: earlier). */
export function plusDays(ts: string, days: number): string {
  return toTaipeiTimestamp(new Date(parseTaipeiTimestamp(ts)!.getTime() + days * DAY_MS))
}

/**
 * When the school must have investigated a report made at `reportedAt`. A report with no
 * readable time falls back to the end of the fix window: it is never called late on a guess.
 */
export function investigationDeadline(reportedAt: string | null, policy: DeadlinePolicy): string {
  const reported = reportedAt ? parseTaipeiTimestamp(reportedAt) : null
  if (!reported) return policy.fixEnd
  const floor = deadlineFloor(policy)
  const reportedTs = toTaipeiTimestamp(reported)
  const start = floor > reportedTs ? floor : reportedTs
  const due = plusDays(start, policy.days)
  return due < policy.fixEnd ? due : policy.fixEnd
}
