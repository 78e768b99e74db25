import type { z } from 'zod'
import type { handEntrySchema } from '../../shared/contract/handEntry'
import { CHANNEL_LABELS, ITEM_STATUS_LABELS, KIND_LABELS } from '../../shared/domain'
import type { CoreContext } from '../context'
import { AppError } from '../errors'
import { roundTerms } from '../rounds/view'
import { getCurrentRound } from '../rounds/store'
import { getSettings, ownerOf } from '../settings/store'
import { pastTime } from './decide'
import type { Step } from './step'
import { describeItem, loadItems } from './targets'

export type HandEntry = z.output<typeof handEntrySchema>

export const handEntryLabel = (entry: HandEntry) => `登錄回報（${CHANNEL_LABELS[entry.channel]}）`

/**
 * A report or dispute that reached the section at the counter or by phone becomes an item of
 * its own: new, in the section that fixes its kind, stamped with how it came. It stands without
 * an import (no confirmation, no batch: migration 0010); an import that later lists the same
 * report merges into it (import/merge/confirmations.ts). Refused — nothing written — for a
 * student not in the roster, a kind and term the current round does not confirm, or a report
 * the queue already holds (student × kind × term × error type is one item): that one is worked.
 */
export async function enterByHand(step: Step, entry: HandEntry, ctx: CoreContext): Promise<void> {
  const db = step.trx
  const student = await db.selectFrom('students').select(['id', 'name']).where('id', '=', entry.studentId).executeTakeFirst()
  if (!student) throw new AppError('student-not-found', `找不到這位學生（編號 ${entry.studentId}），請重新查詢。`)
  await checkInRound(step, entry)
  const existing = await db
    .selectFrom('report_items')
    .select('id')
    .where('student_id', '=', entry.studentId)
    .where('kind', '=', entry.kind)
    .where('term', '=', entry.term)
    .where('error_type', '=', entry.errorType)
    .executeTakeFirst()
  if (existing) {
    const item = (await loadItems(db, [existing.id])).get(existing.id)!
    throw new AppError(
      'item-exists',
      `${describeItem(item)}已有這筆回報（${ITEM_STATUS_LABELS[item.status]}），請在回報處理中處理那一筆` +
        `${item.status === 'closed' || item.status === 'noChange' ? '（學生仍有疑義時，將它重新開啟為「仍有疑義」）' : ''}。`,
      { itemIds: [item.id] },
    )
  }
  const { routing } = await getSettings(db, ownerOf(ctx))
  await step.create({
    student_id: entry.studentId,
    kind: entry.kind,
    term: entry.term,
    section: routing[entry.kind],
    error_type: entry.errorType,
    reason: entry.reason,
    reported_at: entry.reportedAt ? pastTime(entry.reportedAt, step.at, '回報時間') : step.at,
    channel: entry.channel,
    confirmation_id: null,
    first_batch_id: null,
    last_batch_id: null,
    source_changed_at: null,
  })
}

/** The kinds and terms the current round confirms are the ones a report can be about (none held back without a round). */
async function checkInRound(step: Step, entry: HandEntry): Promise<void> {
  const round = await getCurrentRound(step.trx)
  if (!round) return
  const terms = await roundTerms(step.trx, round.id)
  if (terms.some((t) => t.kind === entry.kind && t.term === entry.term)) return
  const named = (t: { kind: HandEntry['kind']; term: string }) => `${KIND_LABELS[t.kind]} ${t.term}`
  throw new AppError(
    'not-in-round',
    `「${round.name}」沒有確認「${named(entry)}」，不能登錄這項回報。本梯次確認的是：${terms.map(named).join('、')}。`,
  )
}
