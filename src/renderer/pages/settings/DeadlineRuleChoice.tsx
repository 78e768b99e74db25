import { parseDateTimeInput } from '../../../shared/dateTimeInput'
import {
  DEADLINE_RULE_LABELS, DEADLINE_RULES, deadlineRuleExplanation, investigationDeadline, type DeadlineRule,
} from '../../../shared/deadlines'
import { useDateFormat } from '../../useDateFormat'
import type { RoundFormState } from './roundForm'

/**
 * 調查期限: how the round sets each report's deadline, one line each, with an example worked out
 * by the rule itself (shared/deadlines.ts) on the dates in the form: a report made the moment
 * students may report, and when it falls due.
 */
export function DeadlineRuleChoice({ form, onChange }: { form: RoundFormState; onChange: (rule: DeadlineRule) => void }) {
  const { formatDateTime } = useDateFormat()
  const days = Number(form.investigationDays)
  const [reported, fixStart, fixEnd] = [form.windows.confirmStart, form.windows.fixStart, form.windows.fixEnd].map(parseDateTimeInput)
  const example = (rule: DeadlineRule) => {
    if (!reported || !fixStart || !fixEnd || !Number.isInteger(days) || days < 1) return null
    const due = investigationDeadline(reported, { rule, days, fixStart, fixEnd })
    return `例：${formatDateTime(reported)} 的回報，${formatDateTime(due)} 到期`
  }
  return (
    <fieldset className="deadline-rules">
      <legend>調查期限（總覽、回報處理、學生查詢與進度摘要都依此判斷逾期）</legend>
      {DEADLINE_RULES.map((rule) => (
        // The rule's name is the radio's label; its explanation and example describe it.
        <div key={rule} className="deadline-rule">
          <input type="radio" id={`deadline-rule-${rule}`} name="deadline-rule" value={rule} checked={form.deadlineRule === rule}
            onChange={() => onChange(rule)} aria-describedby={`deadline-rule-${rule}-text`} />
          <span>
            <label htmlFor={`deadline-rule-${rule}`}>{DEADLINE_RULE_LABELS[rule]}{rule === 'fromFixStart' && '（預設）'}</label>
            <span id={`deadline-rule-${rule}-text`}>
              ：{deadlineRuleExplanation(rule, Number.isInteger(days) && days > 0 ? days : 3)}
              {example(rule) && <span className="deadline-example">{example(rule)}</span>}
            </span>
          </span>
        </div>
      ))}
    </fieldset>
  )
}
