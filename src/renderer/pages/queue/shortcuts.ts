import type { ItemStatus } from '../../../shared/domain'

// The queue's keyboard, as data: which key does what. Pure (no DOM types), so the rules —
// above all "never while typing or while an input method is composing" — are unit-tested.

export type Shortcut =
  | { type: 'move'; by: 1 | -1; extend: boolean }
  | { type: 'toggleSelect' }
  | { type: 'selectAll' }
  | { type: 'open' }
  | { type: 'escape' }
  | { type: 'undo' }
  | { type: 'search' }
  | { type: 'help' }
  | { type: 'decide'; to: ItemStatus }
  | { type: 'reply' }
  | { type: 'note' }
  /** `g` then a number: the digits that follow move the cursor to that item (g 1 2 → the 12th). */
  | { type: 'goto' }
  | { type: 'digit'; digit: number }
  | { type: 'handEntry' }

/** The decision keys, in the order the action bar and the cheat sheet show them. */
export const DECISION_KEYS: { key: string; to: ItemStatus; label: string }[] = [
  { key: 'c', to: 'checking', label: '查核中' },
  { key: 'f', to: 'corrected', label: '已修正' },
  { key: 'r', to: 'resubmitted', label: '已重新提交' },
  { key: 'n', to: 'noChange', label: '免修正…' },
  { key: 'x', to: 'closed', label: '結案' },
  { key: 'd', to: 'disputed', label: '仍有疑義' },
]

/** What a decision key asks before it acts (Enter confirms the default). */
const DECISION_NOTES: Partial<Record<ItemStatus, string>> = {
  noChange: '（選擇原因，Enter 為「資料正確」）',
  resubmitted: '（Enter 確定時間）',
  disputed: '（重新開啟已結案、免修正的回報時寫下學生的疑義）',
}

/** Everything the cheat sheet (?) lists. */
export const CHEAT_SHEET: { keys: string; what: string }[] = [
  { keys: '↓ / j、↑ / k', what: '下一筆、上一筆' },
  { keys: 'Shift + ↓ / ↑', what: '延伸選取範圍' },
  { keys: '空白鍵', what: '選取／取消選取這一筆' },
  { keys: 'Ctrl + A', what: '選取全部符合條件的回報' },
  { keys: 'Enter', what: '開啟明細' },
  ...DECISION_KEYS.map((d) => ({ keys: d.key, what: `改為「${d.label.replace('…', '')}」${DECISION_NOTES[d.to] ?? ''}` })),
  { keys: 'e', what: '撰寫答覆（給學生）；答覆視窗中按 1–9 套用答覆範本（在文字框內按 Alt + 數字）' },
  { keys: 'm', what: '新增內部備註' },
  { keys: 'g 再按數字', what: '跳到第 N 筆（例如 g 1 2 到第 12 筆）' },
  { keys: 'a', what: '登錄臨櫃、電話反映的回報' },
  { keys: 'u / Ctrl + Z', what: '復原上一個操作' },
  { keys: '/', what: '搜尋姓名、學號或原因' },
  { keys: '?', what: '顯示這份說明' },
  { keys: 'Esc', what: '關閉對話框、取消選取、關閉明細' },
]

export interface KeyInput {
  key: string
  keyCode?: number
  isComposing?: boolean
  ctrlKey?: boolean
  metaKey?: boolean
  altKey?: boolean
  shiftKey?: boolean
  target?: { tagName?: string; type?: string; isContentEditable?: boolean } | null
}

const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'])

/** Typing in a field: keys belong to the field, not to the queue. */
export function isTypingTarget(target: KeyInput['target']): boolean {
  if (!target) return false
  const tag = (target.tagName ?? '').toUpperCase()
  if (tag === 'INPUT') return !NOT_TEXT.has((target.type ?? 'text').toLowerCase())
  return tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable === true
}

/** A button, link or checkbox: Space and Enter press it rather than act on the queue. */
function isPressable(target: KeyInput['target']): boolean {
  const tag = (target?.tagName ?? '').toUpperCase()
  return tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || tag === 'INPUT'
}

/** An input method (注音, 倉頡) is composing: keyCode 229 is how Chromium marks its keys. */
export const isComposing = (e: KeyInput) => e.isComposing === true || e.keyCode === 229

/** The shortcut a keydown means, or null when it is not one (or must not fire now). */
export function shortcutFor(e: KeyInput): Shortcut | null {
  if (isComposing(e) || isTypingTarget(e.target)) return null
  if ((e.key === ' ' || e.key === 'Enter') && isPressable(e.target)) return null
  const command = e.ctrlKey || e.metaKey
  if (e.altKey) return null
  if (command) {
    if (e.key.toLowerCase() === 'z' && !e.shiftKey) return { type: 'undo' }
    if (e.key.toLowerCase() === 'a') return { type: 'selectAll' }
    return null
  }
  switch (e.key) {
    case 'ArrowDown': return { type: 'move', by: 1, extend: e.shiftKey === true }
    case 'ArrowUp': return { type: 'move', by: -1, extend: e.shiftKey === true }
    case 'j': return { type: 'move', by: 1, extend: false }
    case 'k': return { type: 'move', by: -1, extend: false }
    case 'J': return { type: 'move', by: 1, extend: true }
    case 'K': return { type: 'move', by: -1, extend: true }
    case ' ': return { type: 'toggleSelect' }
    case 'Enter': return { type: 'open' }
    case 'Escape': return { type: 'escape' }
    case 'u': return { type: 'undo' }
    case '/': return { type: 'search' }
    case '?': return { type: 'help' }
    case 'e': return { type: 'reply' }
    case 'm': return { type: 'note' }
    case 'g': return { type: 'goto' }
    case 'a': return { type: 'handEntry' }
  }
  if (/^[0-9]$/.test(e.key)) return { type: 'digit', digit: Number(e.key) }
  const decision = DECISION_KEYS.find((d) => d.key === e.key)
  return decision ? { type: 'decide', to: decision.to } : null
}
