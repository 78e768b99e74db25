import { CHEAT_SHEET } from '../shortcuts'
import { Dialog } from './Dialog'

export function CheatSheet({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="鍵盤操作" onClose={onClose} wide>
      <p className="hint">在清單上直接按鍵即可；輸入文字或選字（注音、倉頡）時，這些按鍵不會作用。</p>
      <table className="grid cheat-sheet">
        <tbody>
          {CHEAT_SHEET.map((row) => (
            <tr key={row.keys}>
              <td><kbd>{row.keys}</kbd></td>
              <td>{row.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose}>關閉（Esc）</button>
      </div>
    </Dialog>
  )
}
