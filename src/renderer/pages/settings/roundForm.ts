import { formatDateTimeInput } from '../../../shared/dateTimeInput'
import {
  roundSaveSchema, WINDOW_FIELDS, type RoundDraft, type RoundSaveInput, type WindowField,
} from '../../../shared/contract/rounds'
import type { DeadlineRule } from '../../../shared/deadlines'
import { KINDS, type Kind } from '../../../shared/domain'

// The round form's state is what the person typed (text everywhere); the contract's
// schema validates it here for messages beside each field, and again in core.

export interface RoundFormState {
  id?: number
  name: string
  schoolYear: string
  /** Terms per kind as typed: '1131, 1132'. */
  terms: Record<Kind, string>
  windows: Record<WindowField, string>
  investigationDays: string
  deadlineRule: DeadlineRule
}

export type FieldErrors = Partial<Record<'name' | 'schoolYear' | 'investigationDays' | 'terms' | WindowField | Kind, string>>

export function formFromRound(round: RoundDraft & { id?: number }): RoundFormState {
  const terms = Object.fromEntries(KINDS.map((k) => [k, round.terms.filter((t) => t.kind === k).map((t) => t.term).join(', ')]))
  const windows = Object.fromEntries(WINDOW_FIELDS.map((f) => [f, formatDateTimeInput(round[f])]))
  return {
    id: round.id,
    name: round.name,
    schoolYear: String(round.schoolYear),
    terms: terms as Record<Kind, string>,
    windows: windows as Record<WindowField, string>,
    investigationDays: String(round.investigationDays),
    deadlineRule: round.deadlineRule,
  }
}

export function inputFromForm(form: RoundFormState): RoundSaveInput {
  return {
    id: form.id,
    name: form.name,
    schoolYear: Number(form.schoolYear),
    terms: KINDS.flatMap((kind) =>
      form.terms[kind].split(/[,，、\s]+/).filter(Boolean).map((term) => ({ kind, term })),
    ),
    ...form.windows,
    investigationDays: Number(form.investigationDays),
    deadlineRule: form.deadlineRule,
  }
}

/** The schema's messages, placed by field; a term's message goes to its kind's row. */
export function validateForm(form: RoundFormState): FieldErrors {
  const input = inputFromForm(form)
  const parsed = roundSaveSchema.safeParse(input)
  if (parsed.success) return {}
  const errors: FieldErrors = {}
  for (const issue of parsed.error.issues) {
    const [field, index] = issue.path
    const key = field === 'terms' && typeof index === 'number' ? input.terms[index].kind : (field as keyof FieldErrors)
    errors[key] ??= issue.message
  }
  return errors
}
