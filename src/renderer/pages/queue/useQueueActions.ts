import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { HandEntryInput } from '../../../shared/contract/handEntry'
import type { DecideInput, ItemTarget, StepResult } from '../../../shared/contract/triage'
import { ITEM_STATUS_LABELS, type ItemStatus } from '../../../shared/domain'
import { call, useCallMutation, useCallQuery, type CallError } from '../../api'
import { canDecide } from './ActionBar'
import { isTypingTarget } from './shortcuts'
import { selectionSize, statusesOf, targetOf } from './selection'
import type { QueueWorkspace } from './useQueueWorkspace'

export type QueueDialog =
  | { type: 'noChange' | 'resubmit' | 'note' | 'dispute'; target: ItemTarget; count: number }
  /** `initial`: one item's reply as it is now (edited, not retyped); '' for several items. */
  | { type: 'reply'; target: ItemTarget; count: number; initial: string }
  | { type: 'help' }
  | { type: 'handEntry' }

/** The field the clerk is typing in now, if any. */
function fieldInFocus(): Element | null {
  const el = document.activeElement as HTMLElement | null
  return el && isTypingTarget(el) ? el : null
}

export interface Message {
  tone: 'success' | 'error' | 'info'
  text: string
}

/**
 * What the clerk does to the target (the selection, or the active row): decisions, replies,
 * notes, undo. Each is one call to core, one step; afterwards the selection is cleared and
 * the next item comes up.
 */
export function useQueueActions(w: QueueWorkspace) {
  const [dialog, setDialog] = useState<QueueDialog | null>(null)
  const [message, setMessage] = useState<Message | null>(null)
  const workflow = useCallQuery('triage.workflow', {}, { staleTime: Infinity })
  const lastStep = useCallQuery('triage.lastStep', {})
  const decide = useCallMutation('triage.decide')
  const reply = useCallMutation('triage.reply')
  const note = useCallMutation('triage.note')
  const undo = useCallMutation('triage.undo')
  const enter = useCallMutation('triage.enterByHand')
  const [placing, setPlacing] = useState(false)
  const busy = placing || decide.isPending || reply.isPending || note.isPending || undo.isPending || enter.isPending

  const transitions = workflow.data?.transitions ?? []
  const target = targetOf(w.selection, w.activeRow, w.rows.rowAt)
  const count = selectionSize(w.selection) || (w.activeRow ? 1 : 0)
  const statuses = statusesOf(w.selection, w.activeRow, w.facets?.facets.status ?? [])
  const single = selectionSize(w.selection) === 0

  const client = useQueryClient()
  const failed = (error: CallError) => {
    setMessage({ tone: 'error', text: error.message })
    // Someone else changed these items: show what is there now.
    if (error.code === 'stale-version' || error.code === 'stale-selection' || error.code === 'undo-conflict') {
      void client.invalidateQueries()
    }
  }
  /** After a step: the selection it applied to is cleared (unless the clerk has picked another meanwhile). */
  const done = (text: string) => {
    const { selection } = w.now()
    return (result: StepResult) => {
      setMessage({ tone: 'success', text: result.step ? text : '沒有需要變更的資料。' })
      if (!single && w.now().selection === selection) w.clearSelection()
    }
  }
  /**
   * After a decision on the active row alone, the cursor goes to the item that came after it
   * — wherever the decision put the decided one: out of the filter (a status or a deadline
   * filter), down or up the sort (by status), or nowhere. Core, once the list is refreshed,
   * says what is at the active position now: the next item itself when the decided one left
   * or moved down past it (the cursor stays), else one below (it steps down). Only if the
   * clerk has not placed the cursor meanwhile (keys are faster than the refresh; a click, even on
   * the decided row itself), nor gone into a field (the reply under the decided item, the search
   * box): what she types there stays where she is.
   */
  const nextUp = (decidedId: number) => {
    const { active, filter, sort, placed } = w.now()
    const onIt = w.rows.rowAt(active)?.id === decidedId
    const nextId = w.rows.rowAt(active + 1)?.id // loaded: the table loads a dozen rows past the view
    const field = fieldInFocus()
    return async () => {
      if (!onIt) return
      const page = await call('queue.list', { filter, sort, offset: active, limit: 2 })
      const now = w.now()
      if (now.placed !== placed || now.filter !== filter || now.sort !== sort) return
      const entered = fieldInFocus()
      if (entered && entered !== field) return
      const [at, below] = page.rows.map((r) => r.id)
      const to = nextId !== undefined && at === nextId ? active
        : nextId !== undefined && below === nextId ? active + 1
        // No next item (the last row), or someone else moved it meanwhile: step on from the
        // decided item if it is still here.
        : at === decidedId ? active + 1 : active
      w.setActive(Math.min(to, Math.max(0, page.total - 1)))
    }
  }
  const what = (n: number) => (n === 1 && w.activeRow && single ? w.activeRow.studentName : `${n.toLocaleString()} 筆`)

  const run = (input: DecideInput, n: number) => {
    const reported = done(`已將 ${what(n)} 改為「${ITEM_STATUS_LABELS[input.to]}」。`)
    const one = single && 'items' in input.target && input.target.items.length === 1 ? input.target.items[0].id : undefined
    const place = one === undefined ? undefined : nextUp(one)
    // Busy until the cursor is placed: a key held meanwhile then acts on the next item.
    setPlacing(true)
    decide.mutate(input, {
      onSuccess: async (result) => {
        try {
          await place?.()
        } catch {
          // The refreshed list reports its own error; the cursor stays where it was.
        } finally {
          reported(result) // with the cursor's move, in one render
          setPlacing(false)
        }
      },
      onError: (error) => {
        setPlacing(false)
        failed(error)
      },
    })
  }

  const startDecision = (to: ItemStatus) => {
    if (!target || busy) return
    if (!canDecide(transitions, statuses, to)) {
      const from = [...statuses].map((s) => `「${ITEM_STATUS_LABELS[s]}」`).join('、')
      setMessage({ tone: 'error', text: `${from}不能改為「${ITEM_STATUS_LABELS[to]}」。` })
      return
    }
    if (to === 'noChange') setDialog({ type: 'noChange', target, count })
    else if (to === 'resubmitted') setDialog({ type: 'resubmit', target, count })
    // A closed or "no change" item reopens only with the student's objection (core refuses it without).
    else if (to === 'disputed' && (statuses.has('closed') || statuses.has('noChange'))) setDialog({ type: 'dispute', target, count })
    else run({ target, to }, count)
  }

  const openText = (type: 'reply' | 'note') => {
    if (!target || busy) return
    const one = type === 'reply' && 'items' in target && target.items.length === 1 ? target.items[0].id : undefined
    if (one === undefined) return setDialog(type === 'reply' ? { type, target, count, initial: '' } : { type, target, count })
    // One item: the dialog opens on its reply as core has it now, and saves against that
    // version — so editing keeps the text, and a reply changed meanwhile is not overwritten.
    call('triage.item', { id: one }).then(
      ({ item }) => setDialog({ type, target: { items: [{ id: item.id, version: item.version }] }, count, initial: item.reply ?? '' }),
      failed,
    )
  }

  const confirm = {
    noChange: (choice: Omit<DecideInput, 'target' | 'to'>) => {
      if (dialog?.type !== 'noChange') return
      run({ target: dialog.target, to: 'noChange', ...choice }, dialog.count)
      setDialog(null)
    },
    resubmit: (resubmittedAt: string | undefined) => {
      if (dialog?.type !== 'resubmit') return
      run({ target: dialog.target, to: 'resubmitted', resubmittedAt }, dialog.count)
      setDialog(null)
    },
    dispute: (disputeReason: string) => {
      if (dialog?.type !== 'dispute') return
      run({ target: dialog.target, to: 'disputed', disputeReason }, dialog.count)
      setDialog(null)
    },
    handEntry: (entry: HandEntryInput) => {
      enter.mutate(entry, { onSuccess: () => setMessage({ tone: 'success', text: '已登錄這筆回報，列在「待處理」。' }), onError: failed })
      setDialog(null)
    },
    reply: (text: string) => {
      if (dialog?.type !== 'reply') return
      reply.mutate({ target: dialog.target, reply: text }, { onSuccess: done(`已更新 ${what(dialog.count)} 的答覆。`), onError: failed })
      setDialog(null)
    },
    note: (text: string) => {
      if (dialog?.type !== 'note') return
      note.mutate({ target: dialog.target, body: text }, { onSuccess: done(`已為 ${what(dialog.count)} 新增備註。`), onError: failed })
      setDialog(null)
    },
  }

  const undoLast = () => {
    if (busy) return
    const { selection } = w.now()
    undo.mutate({}, {
      onSuccess: (step) => {
        setMessage({ tone: 'success', text: `已復原：${step.label}（${step.itemCount} 筆）。` })
        if (w.now().selection === selection) w.clearSelection()
      },
      onError: failed,
    })
  }

  return {
    dialog, setDialog, message, setMessage, busy, transitions, lastStep: lastStep.data, target, count, statuses,
    startDecision, openText, confirm, undoLast,
  }
}
