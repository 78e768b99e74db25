import { useEffect, useState } from 'react'
import type { DatabaseKind, DatabaseStatus } from '../../../shared/contract/database'
import { useCallMutation, useCallQuery } from '../../api'
import { Notice } from '../../components/Notice'
import { ServerForm } from './ServerForm'
import './database.css'

/** 設定 → 資料庫: this PC's own file, or the school's server that the sections' PCs share. */
export function DatabasePanel() {
  const status = useCallQuery('database.status', {})
  return (
    <section className="panel database-panel" aria-label="資料庫">
      <h2>資料庫</h2>
      <p className="hint">
        只有一台電腦使用時，資料存在這台電腦。各處室在不同電腦上一起處理時，請資訊組準備學校伺服器，每台電腦都改用它：大家看到同一份資料，別台電腦的處理幾秒內就會出現在畫面上。
      </p>
      {status.error && <Notice tone="error">{status.error.message}</Notice>}
      {status.data && <DatabaseChoice status={status.data} />}
    </section>
  )
}

function DatabaseChoice({ status }: { status: DatabaseStatus }) {
  const [choice, setChoice] = useState<DatabaseKind>(status.kind)
  useEffect(() => setChoice(status.kind), [status.kind])
  const useLocal = useCallMutation('database.useLocal')
  return (
    <>
      <dl className="facts database-facts">
        <dt>目前的資料</dt>
        <dd data-testid="database-location">
          {status.kind === 'local' ? '本機' : '學校伺服器'}：<span className="mono">{status.location}</span>
        </dd>
        {status.kind === 'server' && (
          <>
            <dt>連線</dt>
            <dd>{status.connected ? <span className="db-ok">已連線</span> : <span className="db-problem">無法連線：{status.problem}</span>}</dd>
          </>
        )}
      </dl>
      <fieldset className="database-choice">
        <legend>資料放在</legend>
        <label><input type="radio" name="database-kind" checked={choice === 'local'} onChange={() => setChoice('local')} /> 本機（這台電腦）</label>
        <label><input type="radio" name="database-kind" checked={choice === 'server'} onChange={() => setChoice('server')} /> 學校伺服器</label>
      </fieldset>
      {choice === 'local' && status.kind === 'server' && (
        <div className="form-actions">
          <button type="button" className="primary" disabled={useLocal.isPending} onClick={() => useLocal.mutate({})}>改回本機</button>
          <span className="hint">各頁會改為顯示這台電腦自己的資料；伺服器上的資料不受影響。</span>
        </div>
      )}
      {choice === 'local' && status.kind === 'local' && useLocal.data && <Notice tone="success">已改回本機：各頁現在顯示這台電腦自己的資料。</Notice>}
      {useLocal.error && <Notice tone="error">{useLocal.error.message}</Notice>}
      {choice === 'server' && <ServerForm status={status} />}
    </>
  )
}
