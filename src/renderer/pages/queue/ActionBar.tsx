import type { StepSummary, WorkflowTransition } from '../../../shared/contract/triage'
import type { ItemStatus } from '../../../shared/domain'
import { DECISION_KEYS } from './shortcuts'

/** Can every item of the target take this decision? (Core decides; this only greys out buttons.) */
export function canDecide(transitions: WorkflowTransition[], statuses: Set<ItemStatus>, to: ItemStatus): boolean {
  if (statuses.size === 0) return false
  return [...statuses].every((from) => transitions.some((t) => t.from === from && t.to === to))
}

interface Props {
  /** What the buttons apply to, e.g. 「已選取 12 筆」 or the active item. */
  targetLabel: string
  statuses: Set<ItemStatus>
  transitions: WorkflowTransition[]
  busy: boolean
  selectionSize: number
  total: number
  allSelected: boolean
  onDecide(to: ItemStatus): void
  onReply(): void
  onNote(): void
  onSelectAll(): void
  onClearSelection(): void
}

export function ActionBar(props: Props) {
  const { statuses, transitions, busy } = props
  const hint = (to: ItemStatus) => transitions.find((t) => t.to === to && statuses.has(t.from) && t.hint)?.hint
  return (
    <div className="action-bar" role="toolbar" aria-label="處理">
      <span className="action-target" data-testid="action-target">{props.targetLabel}</span>
      <div className="action-buttons">
        {DECISION_KEYS.map((d) => {
          const allowed = canDecide(transitions, statuses, d.to)
          return (
            <button key={d.key} type="button" disabled={busy || !allowed} onClick={() => props.onDecide(d.to)}
              title={hint(d.to) ? `${d.label}（${hint(d.to)}）` : d.label}>
              <kbd>{d.key}</kbd>{d.label}
            </button>
          )
        })}
        <button type="button" disabled={busy || statuses.size === 0} onClick={props.onReply}><kbd>e</kbd>答覆…</button>
        <button type="button" disabled={busy || statuses.size === 0} onClick={props.onNote}><kbd>m</kbd>備註…</button>
      </div>
      <div className="action-selection">
        {props.selectionSize > 0 && (
          <button type="button" className="link-button" onClick={props.onClearSelection}>取消選取</button>
        )}
        {!props.allSelected && props.total > 0 && (
          <button type="button" className="link-button" onClick={props.onSelectAll}>
            選取全部符合的 {props.total.toLocaleString()} 筆
          </button>
        )}
      </div>
    </div>
  )
}

/** Undo names what it will take back: this operator's last step. */
export function UndoButton({ lastStep, busy, onUndo }: { lastStep: StepSummary | null | undefined; busy: boolean; onUndo(): void }) {
  return (
    <button type="button" className="undo-button" disabled={busy || !lastStep} onClick={onUndo} title="復原（u 或 Ctrl+Z）">
      ↶ 復原{lastStep ? `：${lastStep.label}（${lastStep.itemCount} 筆）` : ''}
    </button>
  )
}
