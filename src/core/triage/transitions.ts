import type { WorkflowTransition } from '../../shared/contract/triage'
import { ITEM_STATUS_LABELS, type ItemStatus } from '../../shared/domain'

/**
 * The workflow of a report item (DESIGN.md §2) — the one table core enforces and the UI
 * reads (through `triage.workflow` / `triage.item`) to know which actions to offer.
 *
 *   new ──▶ checking ──▶ corrected ──▶ resubmitted ──▶ closed
 *    │ │        │   ◀──back──┘ ▲           └──▶ disputed ──▶ checking
 *    │ └────────┼──────────────┘ (at once)          ▲
 *    └──────────┴──▶ noChange ──▶ closed            │
 *                      ├──back──▶ checking          │
 *                      └─── and closed ─────────────┘ (reopened during the re-check)
 *
 * A clerk who fixes a new item at once takes it straight to corrected, one who finds the data
 * right straight to noChange; checking is for items that need a call.
 *
 * Steps back: a decision taken by mistake is normally undone with undo (the last step).
 * When the mistake is found later, two steps back are allowed while the item has not left
 * the office: corrected → checking (the fix turned out incomplete) and noChange → checking
 * (the "no change" decision was wrong). Once resubmitted the data is in the central database
 * and only the student's re-check moves it on.
 *
 * The calendar holds back two kinds of move (decide.ts), and their hints say when they may be
 * made: the re-check outcome (closed / disputed after resubmitted) waits for the current
 * round's re-check window (`waitsForRecheck`); a student who disputes a closed or "no change"
 * item reopens it from the re-check's start until the dispute deadline (`reopensDispute`).
 * "No change" → closed may be given at any time.
 */
export const REOPEN_LABEL = '學生提出疑義，重新開啟'
const REOPEN = { label: REOPEN_LABEL, back: false, hint: '學生複查開始至疑義反映截止' }

export const TRANSITIONS: readonly WorkflowTransition[] = [
  { from: 'new', to: 'checking', label: '開始查核', back: false, hint: null },
  { from: 'new', to: 'corrected', label: '已修正', back: false, hint: null },
  { from: 'new', to: 'noChange', label: '免修正', back: false, hint: null },
  { from: 'checking', to: 'corrected', label: '已修正', back: false, hint: null },
  { from: 'checking', to: 'noChange', label: '免修正', back: false, hint: null },
  { from: 'corrected', to: 'resubmitted', label: '已重新提交', back: false, hint: null },
  { from: 'corrected', to: 'checking', label: '退回查核中', back: true, hint: null },
  { from: 'resubmitted', to: 'closed', label: '複查無誤，結案', back: false, hint: '學生複查開始後' },
  { from: 'resubmitted', to: 'disputed', label: '仍有疑義', back: false, hint: '學生複查開始後' },
  { from: 'disputed', to: 'checking', label: '重新查核', back: false, hint: null },
  { from: 'noChange', to: 'closed', label: '結案', back: false, hint: null },
  { from: 'noChange', to: 'checking', label: '撤銷免修正，重新查核', back: true, hint: null },
  { from: 'noChange', to: 'disputed', ...REOPEN },
  { from: 'closed', to: 'disputed', ...REOPEN },
]

/** The re-check outcome: refused before the current round's re-check window opens. */
export function waitsForRecheck(from: ItemStatus, to: ItemStatus): boolean {
  return from === 'resubmitted' && (to === 'closed' || to === 'disputed')
}

/** A student's dispute reopening a settled item: only during the re-check, and with their reason. */
export function reopensDispute(from: ItemStatus, to: ItemStatus): boolean {
  return to === 'disputed' && (from === 'closed' || from === 'noChange')
}

export function transitionsFrom(status: ItemStatus): WorkflowTransition[] {
  return TRANSITIONS.filter((t) => t.from === status)
}

export function findTransition(from: ItemStatus, to: ItemStatus): WorkflowTransition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to)
}

/** 「新回報」之後只能改為：查核中、免修正 — the second half of a refusal. */
export function allowedNextText(from: ItemStatus): string {
  const next = transitionsFrom(from).map((t) => ITEM_STATUS_LABELS[t.to])
  return next.length
    ? `「${ITEM_STATUS_LABELS[from]}」之後只能改為：${next.join('、')}。`
    : `「${ITEM_STATUS_LABELS[from]}」已是最後狀態，不能再變更。`
}
