import { useMutation } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import type { CallInput } from '../../../shared/contract'
import type { ConnectionTest, DatabaseStatus } from '../../../shared/contract/database'
import { call, useCallMutation, type CallError } from '../../api'
import { Notice } from '../../components/Notice'
import { ProgressBar } from '../../components/ProgressBar'
import { CopiedTables } from './CopiedTables'
import { describeError, fieldProblems, formFromStatus, isSavedServer, serverOf, type ServerField, type ServerFormState } from './serverForm'
import { useCopyToServer } from './useCopyToServer'

type Asking = 'use' | 'copy' | null

/** The school's server: where it is, 測試連線, switching to it, and moving this PC's data onto it. */
export function ServerForm({ status }: { status: DatabaseStatus }) {
  const [form, setForm] = useState<ServerFormState>(() => formFromStatus(status))
  const [asking, setAsking] = useState<Asking>(null)
  const test = useMutation<ConnectionTest, CallError, CallInput<'database.test'>>({
    mutationKey: ['database.test'],
    mutationFn: (input) => call('database.test', input),
  })
  const use = useCallMutation('database.useServer')
  const copy = useCopyToServer()
  const busy = test.isPending || use.isPending || copy.busy

  const set = <K extends keyof ServerFormState>(key: K, value: ServerFormState[K]) => setForm((f) => ({ ...f, [key]: value }))
  /** One outcome on show at a time: the last thing the clerk asked for. */
  const start = (next: Asking) => {
    test.reset()
    use.reset()
    copy.reset()
    setAsking(next)
  }
  const failure = use.error ?? test.error ?? copy.error
  const problems = fieldProblems(failure)
  const saved = status.passwordSaved && isSavedServer(form, status.server)

  const field = (name: ServerField, label: string, input: ReactNode) => (
    <div className="form-row" key={name}>
      <label htmlFor={`db-${name}`}>{label}</label>
      <div>
        {input}
        {problems[name] && <span className="field-error" id={`db-${name}-error`}>{problems[name]}</span>}
      </div>
    </div>
  )
  const text = (name: Exclude<ServerField, 'password'>, extra: Record<string, unknown> = {}) => (
    <input id={`db-${name}`} value={form[name]} autoComplete="off" spellCheck={false} aria-invalid={!!problems[name]}
      aria-describedby={problems[name] ? `db-${name}-error` : undefined} onChange={(e) => set(name, e.target.value)} {...extra} />
  )

  return (
    <div className="server-form">
      <div className="form-grid">
        {field('host', '主機', text('host', { placeholder: '例：192.168.1.20 或 db.school.edu.tw' }))}
        {field('port', '連接埠', text('port', { inputMode: 'numeric', className: 'short' }))}
        {field('database', '資料庫', text('database', { placeholder: '例：receipt_desk' }))}
        {field('user', '帳號', text('user'))}
        {field('password', '密碼', (
          <input id="db-password" type="password" value={form.password} autoComplete="off" aria-invalid={!!problems.password}
            placeholder={saved ? '（已保存）' : ''} onChange={(e) => set('password', e.target.value)} />
        ))}
        <div className="form-row">
          <span />
          <div className="checks">
            <label><input type="checkbox" checked={form.tls} onChange={(e) => set('tls', e.target.checked)} /> 使用加密連線（TLS）</label>
            <label><input type="checkbox" checked={form.rememberPassword && status.canRememberPassword} disabled={!status.canRememberPassword}
              onChange={(e) => set('rememberPassword', e.target.checked)} /> 記住密碼</label>
            {!status.canRememberPassword && (
              <span className="hint">這台電腦無法安全保存密碼：每次開啟程式後，請在這裡重新輸入密碼並按「改用學校伺服器」。</span>
            )}
            {saved && <span className="hint">密碼已保存在這台電腦（由作業系統加密）；留空即使用保存的密碼。</span>}
          </div>
        </div>
      </div>

      <div className="form-actions">
        <button type="button" disabled={busy} onClick={() => { start(null); test.mutate(serverOf(form)) }}>測試連線</button>
        <button type="button" className="primary" disabled={busy} onClick={() => start('use')}>改用學校伺服器</button>
        <button type="button" disabled={busy} onClick={() => start('copy')}>把這台電腦的資料搬到伺服器</button>
      </div>

      {asking === 'use' && (
        <Confirm label="確認改用學校伺服器" yes="確定改用" disabled={busy} onNo={() => setAsking(null)}
          onYes={() => use.mutate({ ...serverOf(form), rememberPassword: form.rememberPassword && status.canRememberPassword },
            { onSettled: () => setAsking(null) })}>
          改用後，各頁顯示的是伺服器上的資料（各處室共用）。這台電腦自己的資料仍留在這台電腦上，不會刪除，也不會上傳；要把它搬到伺服器，請用「把這台電腦的資料搬到伺服器」。
        </Confirm>
      )}
      {asking === 'copy' && (
        <Confirm label="確認搬移資料" yes="確定搬移" disabled={busy} onNo={() => setAsking(null)}
          onYes={() => { copy.run(serverOf(form)); setAsking(null) }}>
          會把這台電腦的全部資料（含變更紀錄、備註與答覆）複製到伺服器上的資料庫「{form.database.trim()}」。伺服器的資料庫必須是空的；這台電腦的資料不會刪除。搬完之後，再按「改用學校伺服器」開始使用。
        </Confirm>
      )}

      <div aria-live="polite">
        {test.data && <Notice tone={test.data.ok ? 'success' : 'error'}>{test.data.message}</Notice>}
        {use.data && <Notice tone="success">已改用學校伺服器（{use.data.location}）。各頁現在顯示伺服器上的資料。</Notice>}
        {copy.progress && <ProgressBar label={copy.progress.label} done={copy.progress.done} total={copy.progress.total} />}
        {copy.copied && <CopiedTables copied={copy.copied} />}
        {failure && <Notice tone="error">{describeError(failure)}</Notice>}
      </div>
    </div>
  )
}

function Confirm({ label, yes, disabled, onYes, onNo, children }: {
  label: string
  yes: string
  disabled: boolean
  onYes(): void
  onNo(): void
  children: ReactNode
}) {
  return (
    <div className="notice notice-warning" role="alertdialog" aria-label={label}>
      <p>{children}</p>
      <div className="form-actions">
        <button type="button" className="primary" disabled={disabled} onClick={onYes} autoFocus>{yes}</button>
        <button type="button" onClick={onNo}>取消</button>
      </div>
    </div>
  )
}
