import { undoText, type ImportUndoView } from '../../../shared/contract/import'
import { useDateFormat } from '../../useDateFormat'

/**
 * Asks before undoing the last import on the school's server: what will be removed and put back,
 * or — when someone has worked on what it brought in since — why it cannot be undone now. The
 * view is the live one (the page refreshes it when another PC changes something).
 */
export function UndoImportConfirm({ view, pending, onConfirm, onCancel }: {
  view: ImportUndoView
  pending: boolean
  onConfirm(): void
  onCancel(): void
}) {
  const { formatDateTime } = useDateFormat()
  return (
    <div className="notice notice-warning undo-import" role="alertdialog" aria-label="確認復原匯入">
      <p>
        確定要復原 {formatDateTime(view.importedAt)} 匯入的「{view.fileName}」嗎？資料庫會回到這次匯入之前：
        {undoText(view.changes, view.roundBack)}。
      </p>
      {view.refusal ? (
        <p className="undo-refusal">{view.refusal}</p>
      ) : (
        <p>這次匯入之前的資料，以及其他人的處理、備註與答覆都不受影響；復原後可以重新匯入這個檔案。</p>
      )}
      <div className="form-actions">
        <button className="danger" disabled={pending || view.refusal !== null} onClick={onConfirm}>確定復原</button>
        <button onClick={onCancel}>取消</button>
      </div>
    </div>
  )
}
