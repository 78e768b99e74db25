import type { StudentConfirmation } from '../../../shared/contract/students'
import { CONFIRMATION_STATE_COLORS, CONFIRMATION_STATE_LABELS, KIND_LABELS, KINDS } from '../../../shared/domain'
import { useDateFormat } from '../../useDateFormat'

/** Kinds × the round's terms: each cell the student's confirmation state and when. */
export function ConfirmationGrid({ confirmations }: { confirmations: StudentConfirmation[] }) {
  const terms = [...new Set(confirmations.map((c) => c.term))].sort()
  const kinds = KINDS.filter((k) => confirmations.some((c) => c.kind === k))
  return (
    <table className="grid confirmation-grid" aria-label="收訖確認狀態">
      <thead>
        <tr><th>項目</th>{terms.map((t) => <th key={t}>{t}</th>)}</tr>
      </thead>
      <tbody>
        {kinds.map((kind) => (
          <tr key={kind}>
            <th scope="row">{KIND_LABELS[kind]}</th>
            {terms.map((term) => <Cell key={term} confirmation={confirmations.find((c) => c.kind === kind && c.term === term)} />)}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Cell({ confirmation }: { confirmation: StudentConfirmation | undefined }) {
  const { formatDateTime } = useDateFormat()
  if (!confirmation) return <td className="cell-none" title="本梯次不確認這一項">—</td>
  if (!confirmation.state) return <td className="cell-missing" data-state="none">尚未匯入</td>
  const { fill, ink } = CONFIRMATION_STATE_COLORS[confirmation.state]
  return (
    <td data-state={confirmation.state}>
      <span className="state-chip" style={{ background: fill, color: ink, borderColor: ink }}>
        {CONFIRMATION_STATE_LABELS[confirmation.state]}
      </span>
      {confirmation.confirmedAt && <span className="state-time">{formatDateTime(confirmation.confirmedAt)}</span>}
    </td>
  )
}
