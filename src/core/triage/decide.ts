import type { z } from 'zod'
import type { decideSchema } from '../../shared/contract/triage'
import { formatDateTime, parseTaipeiTimestamp, toTaipeiTimestamp } from '../../shared/dates'
import { ITEM_STATUS_LABELS, RESOLUTION_LABELS } from '../../shared/domain'
import { AppError } from '../errors'
import { getCurrentRound } from '../rounds/store'
import type { ItemPatch, Step } from './step'
import { describeItem, loadItems, loadTargets, type TargetItem } from './targets'
import { allowedNextText, findTransition, REOPEN_LABEL, reopensDispute, waitsForRecheck } from './transitions'

export type Decision = z.output<typeof decideSchema>

export function decisionLabel(d: Decision): string {
  if (d.to === 'noChange' && d.resolution) return `免修正（${RESOLUTION_LABELS[d.resolution]}）`
  if (d.to === 'resubmitted') return '標記已重新提交'
  return `改為「${ITEM_STATUS_LABELS[d.to]}」`
}

/**
 * Applies one decision to every target item — all or nothing: when any item cannot take it,
 * the message names the item and both statuses and no item changes.
 */
export async function applyDecision(step: Step, decision: Decision): Promise<void> {
  const items = await loadTargets(step.trx, decision.target, step.at)
  const refused = items.filter((item) => !findTransition(item.status, decision.to))
  if (refused.length > 0) throw refusal(refused, items.length, decision)
  await checkRecheckOpen(step, decision, items)
  await checkDisputeOpen(step, decision, items)
  if (items.every((item) => reopensDispute(item.status, decision.to))) step.retitle(REOPEN_LABEL)

  const extra = await decisionFields(step, decision, items)
  for (const item of items) await step.change(item, { status: decision.to, ...extra(item) })
}

function refusal(refused: TargetItem[], total: number, decision: Decision): AppError {
  const first = refused[0]
  const more = refused.length > 1 ? `另有 ${refused.length - 1} 筆也無法變更。` : ''
  const none = total > 1 ? `選取的 ${total} 筆都沒有變更。` : ''
  return new AppError(
    'transition-refused',
    `無法將 ${describeItem(first)} 從「${ITEM_STATUS_LABELS[first.status]}」改為「${ITEM_STATUS_LABELS[decision.to]}」：` +
      `${allowedNextText(first.status)}${more}${none}`,
    { itemIds: refused.map((i) => i.id) },
  )
}

/**
 * A resubmitted item is closed or disputed on the student's re-check, so not before the
 * current round's re-check window opens (allowed when there is no current round).
 */
async function checkRecheckOpen(step: Step, decision: Decision, items: TargetItem[]): Promise<void> {
  const waiting = items.filter((item) => waitsForRecheck(item.status, decision.to))
  if (waiting.length === 0) return
  const round = await getCurrentRound(step.trx)
  if (!round?.recheck_start || step.at >= round.recheck_start) return
  const more = waiting.length > 1 ? `等 ${waiting.length} 筆` : ''
  const none = items.length > 1 ? `選取的 ${items.length} 筆都沒有變更。` : ''
  throw new AppError(
    'recheck-not-open',
    `${describeItem(waiting[0])}${more}已重新提交，等待學生複查：` +
      `學生複查自 ${formatDateTime(round.recheck_start)} 開始，在那之前不能結案或標為仍有疑義。${none}`,
    { itemIds: waiting.map((i) => i.id) },
  )
}

/**
 * A student who disputes a closed or "no change" item has it reopened from the start of the
 * current round's re-check until its dispute deadline (the handout: 「如仍有疑義，請於 10/23 10:30
 * 前反映」); allowed when there is no current round.
 */
async function checkDisputeOpen(step: Step, decision: Decision, items: TargetItem[]): Promise<void> {
  const reopening = items.filter((item) => reopensDispute(item.status, decision.to))
  if (reopening.length === 0) return
  const round = await getCurrentRound(step.trx)
  if (!round) return
  const first = reopening[0]
  const who = `${describeItem(first)}${reopening.length > 1 ? `等 ${reopening.length} 筆` : ''}`
  const none = items.length > 1 ? `選取的 ${items.length} 筆都沒有變更。` : ''
  if (step.at < round.recheck_start) {
    throw new AppError(
      'dispute-not-open',
      `${who}「${ITEM_STATUS_LABELS[first.status]}」：學生複查自 ${formatDateTime(round.recheck_start)} 開始，` +
        `疑義反映至 ${formatDateTime(round.dispute_end)} 截止，只有這段期間能重新開啟為「仍有疑義」。${none}`,
      { itemIds: reopening.map((i) => i.id) },
    )
  }
  if (step.at > round.dispute_end) {
    throw new AppError(
      'dispute-closed',
      `${who}不能再重新開啟：疑義反映已於 ${formatDateTime(round.dispute_end)} 截止。${none}`,
      { itemIds: reopening.map((i) => i.id) },
    )
  }
}

/** The fields a decision sets besides the status, checked once for the whole action. */
async function decisionFields(step: Step, d: Decision, items: TargetItem[]): Promise<(item: TargetItem) => ItemPatch> {
  if (d.to === 'noChange') {
    if (!d.resolution) throw new AppError('resolution-required', '「免修正」需要選擇原因：資料正確、學生原勾選資料、重複回報或其他。')
    const note = d.resolutionNote?.trim() || null
    if (d.resolution === 'other' && !note) throw new AppError('resolution-note-required', '原因選「其他」時，請寫下說明。')
    const duplicateOf = d.resolution === 'duplicate' ? await checkDuplicateOf(step, d.duplicateOfId, items) : null
    return () => ({ resolution: d.resolution!, resolution_note: note, duplicate_of_id: duplicateOf })
  }
  if (d.to === 'resubmitted') {
    const at = d.resubmittedAt ? pastTime(d.resubmittedAt, step.at, '重新提交時間') : step.at
    return () => ({ resubmitted_at: at, resubmitted_by: step.operator })
  }
  if (d.to === 'disputed') {
    const reason = d.disputeReason?.trim() || null
    if (!reason && items.some((item) => reopensDispute(item.status, d.to))) {
      throw new AppError('dispute-reason-required', '重新開啟為「仍有疑義」時，請寫下學生的疑義（例如：10/22 臨櫃表示體育成績仍少一筆）。')
    }
    // A reopened item's outcome is open again: its "no change" reason no longer stands (history keeps it).
    return (item) => ({
      ...(reopensDispute(item.status, d.to) ? { resolution: null, resolution_note: null, duplicate_of_id: null } : {}),
      ...(reason ? { dispute_reason: reason } : {}),
    })
  }
  if (d.to === 'checking') {
    // Taking back a "no change" decision: its reason no longer applies (history keeps it).
    return (item) =>
      item.status === 'noChange' ? { resolution: null, resolution_note: null, duplicate_of_id: null } : {}
  }
  return () => ({})
}

async function checkDuplicateOf(step: Step, id: number | undefined, items: TargetItem[]): Promise<number> {
  if (!id) throw new AppError('duplicate-required', '「重複回報」需要指定重複的是哪一筆回報。')
  if (items.some((i) => i.id === id)) {
    throw new AppError('duplicate-self', '一筆回報不能標記為自己的重複；請指定另一筆回報。')
  }
  const original = (await loadItems(step.trx, [id])).get(id)
  if (!original) throw new AppError('duplicate-not-found', `找不到編號 ${id} 的回報，無法標記為重複。`)
  if (original.duplicate_of_id !== null && items.some((i) => i.id === original.duplicate_of_id)) {
    throw new AppError('duplicate-cycle', `${describeItem(original)} 已標記為重複於這次選取的回報，兩筆不能互相標記為重複。`)
  }
  return id
}

/** 'YYYY-MM-DD HH:mm[:ss]' or with a T → stored form; refused when unreal or in the future. `what` names it in the message. */
export function pastTime(text: string, now: string, what: string): string {
  const written = text.replace('T', ' ')
  const date = parseTaipeiTimestamp(written)
  // 2025-02-30 parses as 03-02: a date that does not round-trip is not real.
  if (!date || toTaipeiTimestamp(date).slice(0, 16) !== written.slice(0, 16)) throw new AppError('invalid-time', `${what}「${text}」不是有效的日期時間。`)
  const stamp = toTaipeiTimestamp(date)
  if (stamp > now) {
    throw new AppError('time-in-future', `${what} ${formatDateTime(stamp)} 晚於現在（${formatDateTime(now)}），請確認。`)
  }
  return stamp
}
