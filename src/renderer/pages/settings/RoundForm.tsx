import { useState, type FormEvent } from 'react'
import { WINDOW_FIELDS, WINDOW_LABELS, type RoundView } from '../../../shared/contract/rounds'
import { KIND_LABELS, KINDS } from '../../../shared/domain'
import { isSchoolYear } from '../../../shared/terms'
import { call, useCallMutation } from '../../api'
import { Notice } from '../../components/Notice'
import { DeadlineRuleChoice } from './DeadlineRuleChoice'
import { formFromRound, inputFromForm, validateForm, type FieldErrors, type RoundFormState } from './roundForm'

/** Create or edit one round: name, school year, terms per kind, phase windows in ROC dates, investigation days and deadline rule. */
export function RoundForm({ initial, onDone }: { initial: RoundFormState; onDone: (saved: RoundView | null) => void }) {
  const [form, setForm] = useState(initial)
  const [errors, setErrors] = useState<FieldErrors>({})
  const save = useCallMutation('rounds.save')
  const isNew = form.id === undefined

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const found = validateForm(form)
    setErrors(found)
    if (Object.keys(found).length) return
    save.mutate(inputFromForm(form), { onSuccess: (saved) => onDone(saved) })
  }
  const refill = async () => {
    const draft = await call('rounds.defaults', { schoolYear: Number(form.schoolYear) })
    setForm({ ...formFromRound(draft), id: form.id })
    setErrors({})
  }
  const field = (key: keyof FieldErrors) => ({
    'aria-invalid': errors[key] ? true : undefined,
    'aria-describedby': errors[key] ? `round-error-${key}` : undefined,
  })
  const error = (key: keyof FieldErrors) =>
    errors[key] && <span className="field-error" id={`round-error-${key}`}>{errors[key]}</span>

  return (
    <form className="round-form" onSubmit={submit} aria-label={isNew ? '新增梯次' : '編輯梯次'} noValidate>
      <h3>{isNew ? '新增梯次' : `編輯「${initial.name}」`}</h3>
      <div className="round-fields">
        <label htmlFor="round-name">梯次名稱</label>
        <div><input id="round-name" value={form.name} maxLength={60} onChange={(e) => setForm({ ...form, name: e.target.value })} {...field('name')} />{error('name')}</div>
        <label htmlFor="round-year">學年度</label>
        <div className="with-action">
          <input id="round-year" inputMode="numeric" className="short" value={form.schoolYear} onChange={(e) => setForm({ ...form, schoolYear: e.target.value })} {...field('schoolYear')} />
          <button type="button" onClick={refill} disabled={!isSchoolYear(form.schoolYear)}>依學年度帶入預設日期與學期</button>
          {error('schoolYear')}
        </div>
      </div>

      <fieldset className="round-fields">
        <legend>確認的學期（每類以逗號分隔，如 1131, 1132；不確認的類別留空）</legend>
        {KINDS.map((kind) => (
          <div className="form-row" key={kind}>
            <label htmlFor={`round-terms-${kind}`}>{KIND_LABELS[kind]}</label>
            <div><input id={`round-terms-${kind}`} value={form.terms[kind]} placeholder="例：1132" autoComplete="off"
              onChange={(e) => setForm({ ...form, terms: { ...form.terms, [kind]: e.target.value } })} {...field(kind)} />{error(kind)}</div>
          </div>
        ))}
        {error('terms')}
      </fieldset>

      <fieldset className="round-fields">
        <legend>時程（民國年，例：114/10/07 08:00；到截止時刻即結束）</legend>
        {WINDOW_FIELDS.map((key) => (
          <div className="form-row" key={key}>
            <label htmlFor={`round-${key}`}>{WINDOW_LABELS[key]}</label>
            <div><input id={`round-${key}`} className="datetime" value={form.windows[key]} placeholder="114/10/07 08:00" autoComplete="off"
              onChange={(e) => setForm({ ...form, windows: { ...form.windows, [key]: e.target.value } })} {...field(key)} />{error(key)}</div>
          </div>
        ))}
        <label htmlFor="round-days">調查天數</label>
        <div className="with-action">
          <input id="round-days" inputMode="numeric" className="short" value={form.investigationDays}
            onChange={(e) => setForm({ ...form, investigationDays: e.target.value })} {...field('investigationDays')} />
          <span className="hint">幾天內須查核完畢（不晚於修正截止）；從何時起算見下方「調查期限」</span>
          {error('investigationDays')}
        </div>
      </fieldset>

      <DeadlineRuleChoice form={form} onChange={(deadlineRule) => setForm({ ...form, deadlineRule })} />

      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>儲存梯次</button>
        <button type="button" onClick={() => onDone(null)}>取消</button>
        {Object.keys(errors).length > 0 && <Notice tone="error">請修正標示的欄位。</Notice>}
        {save.error && <Notice tone="error">{save.error.message}</Notice>}
      </div>
    </form>
  )
}
