import { useState, type FormEvent } from 'react'
import { moveText, type AppSettings, type RoutingMove } from '../../../shared/contract/settings'
import { KIND_LABELS, KINDS, SECTION_LABELS, SECTIONS, type Section } from '../../../shared/domain'
import { call, useCallMutation } from '../../api'
import { Notice } from '../../components/Notice'

/**
 * 設定 → 負責組別: which section fixes each kind. Changing it moves the kind's existing items
 * too (core/settings/routing.ts), so the page first says how many will move and asks.
 */
export function RoutingPanel({ settings }: { settings: AppSettings }) {
  const [routing, setRouting] = useState(settings.routing)
  const [moves, setMoves] = useState<RoutingMove[] | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [checkError, setCheckError] = useState<string | null>(null)
  const update = useCallMutation('settings.update')
  const moved = (list: RoutingMove[]) => list.reduce((n, m) => n + m.items, 0)

  const save = (confirmed: RoutingMove[]) =>
    update.mutate({ routing, confirmedMoves: moved(confirmed) }, {
      onSuccess: () => {
        setMoves(null)
        setMessage(confirmed.length ? `已儲存，並將 ${moved(confirmed)} 筆回報項目移至新的負責組別（可在「回報處理」復原）。` : '已儲存。')
      },
    })
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setMessage(null)
    setCheckError(null)
    try {
      const found = await call('settings.routingMoves', { routing })
      if (found.length) setMoves(found)
      else save([])
    } catch (error) {
      setCheckError((error as Error).message)
    }
  }

  return (
    <form className="panel form-grid" onSubmit={submit} aria-label="負責組別">
      <h2>負責組別</h2>
      <p className="hint">各類資料的錯誤回報由哪一組處理。改變時，該類已匯入的回報項目也一併移到新的組別（記入每一筆的變更紀錄）。</p>
      {KINDS.map((kind) => (
        <div className="form-row" key={kind}>
          <label htmlFor={`routing-${kind}`}>{KIND_LABELS[kind]}</label>
          <select id={`routing-${kind}`} value={routing[kind]} disabled={moves !== null}
            onChange={(e) => setRouting({ ...routing, [kind]: e.target.value as Section })}>
            {SECTIONS.map((s) => (
              <option key={s} value={s}>{SECTION_LABELS[s]}</option>
            ))}
          </select>
        </div>
      ))}
      {moves ? (
        <div className="form-actions routing-confirm" role="group" aria-label="確認移動回報項目">
          <Notice tone="warning">
            {moves.map((m) => <div key={m.kind}>{moveText(m)}</div>)}
          </Notice>
          <button type="button" className="primary" disabled={update.isPending} onClick={() => save(moves)}>確定移動並儲存</button>
          <button type="button" onClick={() => setMoves(null)}>取消</button>
        </div>
      ) : (
        <div className="form-actions">
          <button type="submit" className="primary" disabled={update.isPending}>儲存負責組別</button>
          {message && <Notice tone="success">{message}</Notice>}
        </div>
      )}
      {(update.error || checkError) && <Notice tone="error">{update.error?.message ?? checkError}</Notice>}
    </form>
  )
}
