import { useEffect, useState, type FormEvent } from 'react'
import type { AppSettings } from '../../shared/contract/settings'
import { SECTION_LABELS, SECTIONS, type Section } from '../../shared/domain'
import { useCallMutation, useCallQuery } from '../api'
import { Notice } from '../components/Notice'
import { PageHeader } from '../components/PageHeader'
import { RoundsPanel } from './settings/RoundsPanel'
import { BackupsPanel } from './settings/BackupsPanel'
import { DatabasePanel } from './settings/DatabasePanel'
import { RoutingPanel } from './settings/RoutingPanel'

export function SettingsPage() {
  const settings = useCallQuery('settings.get', {})
  return (
    <>
      <PageHeader title="設定" />
      {settings.error && <Notice tone="error">{settings.error.message}</Notice>}
      {settings.data && <OperatorForm settings={settings.data} />}
      {settings.data && <RoutingPanel settings={settings.data} />}
      <RoundsPanel />
      <DatabasePanel />
      <BackupsPanel />
      <AppInfoPanel />
    </>
  )
}

function OperatorForm({ settings }: { settings: AppSettings }) {
  const [form, setForm] = useState(() => ({
    operatorName: settings.operatorName ?? '',
    section: settings.section ?? ('' as Section | ''),
    schoolName: settings.schoolName,
    dateStyle: settings.dateStyle,
  }))
  const update = useCallMutation('settings.update')
  const [saved, setSaved] = useState(false)
  useEffect(() => setSaved(false), [form])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    update.mutate(
      { ...form, section: form.section || undefined },
      { onSuccess: () => setSaved(true) },
    )
  }

  return (
    <form className="panel form-grid" onSubmit={submit} aria-label="操作者與學校設定">
      <h2>操作者（這台電腦）</h2>
      <p className="hint">每一筆變更都會記下這個姓名。同一台電腦換人使用時，請先改這裡。</p>
      <label htmlFor="operator-name">姓名</label>
      <input id="operator-name" value={form.operatorName} maxLength={40} required autoComplete="off"
        onChange={(e) => setForm({ ...form, operatorName: e.target.value })} />
      <label htmlFor="operator-section">處室組別</label>
      <select id="operator-section" value={form.section}
        onChange={(e) => setForm({ ...form, section: e.target.value as Section })}>
        <option value="">（請選擇）</option>
        {SECTIONS.map((s) => (
          <option key={s} value={s}>{SECTION_LABELS[s]}</option>
        ))}
      </select>

      <h2>學校</h2>
      <label htmlFor="school-name">學校名稱</label>
      <input id="school-name" value={form.schoolName} maxLength={60} placeholder="例：臺北市立○○高級中學"
        onChange={(e) => setForm({ ...form, schoolName: e.target.value })} />
      <label htmlFor="date-style">日期格式</label>
      <select id="date-style" value={form.dateStyle}
        onChange={(e) => setForm({ ...form, dateStyle: e.target.value as AppSettings['dateStyle'] })}>
        <option value="roc">民國（114/10/22）</option>
        <option value="gregorian">西元（2025/10/22）</option>
      </select>

      <div className="form-actions">
        <button type="submit" className="primary" disabled={update.isPending}>儲存設定</button>
        {saved && <Notice tone="success">已儲存。</Notice>}
        {update.error && <Notice tone="error">{update.error.message}</Notice>}
      </div>
    </form>
  )
}

function AppInfoPanel() {
  const info = useCallQuery('app.info', {})
  if (!info.data) return null
  return (
    <section className="panel" aria-label="程式資訊">
      <h2>資料與版本</h2>
      <dl className="facts">
        <dt>版本</dt>
        <dd>{info.data.version}</dd>
        <dt>資料庫檔案</dt>
        <dd className="mono">{info.data.location}</dd>
        <dt>資料庫結構</dt>
        <dd>{info.data.migrations.at(-1) ?? '—'}</dd>
      </dl>
    </section>
  )
}
