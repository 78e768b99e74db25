import type { ItemDetail } from '../../shared/contract/triage'
import type { Database } from '../db/schema'
import type { Db } from '../db/store'
import { AppError } from '../errors'
import { queueEnv } from '../queue/env'
import { toQueueRow } from '../queue/list'
import { describeItem, loadItems } from './targets'
import { transitionsFrom } from './transitions'

/** Everything the detail pane shows about one item, except the submitted records (records.list). */
export async function itemDetail(db: Db, id: number, now: string): Promise<ItemDetail> {
  const item = (await loadItems(db, [id])).get(id)
  if (!item) throw new AppError('item-not-found', `找不到回報項目（編號 ${id}），可能已被刪除。請重新整理。`)
  const env = await queueEnv(db, now)
  const [student, report, history, notes, duplicateOf] = await Promise.all([
    db.selectFrom('students').select(['student_no']).where('id', '=', item.student_id).executeTakeFirstOrThrow(),
    db
      .selectFrom('report_items')
      .select(['id', 'error_type', 'reason', 'status', 'resolution'])
      .where('student_id', '=', item.student_id)
      .where('kind', '=', item.kind)
      .where('term', '=', item.term)
      .orderBy('error_type')
      .execute(),
    db
      .selectFrom('item_history as h')
      .leftJoin('change_steps as cs', 'cs.id', 'h.step_id')
      .select(['h.id', 'h.at', 'h.operator', 'h.field', 'h.old_value', 'h.new_value', 'cs.label'])
      .where('h.item_id', '=', id)
      .orderBy('h.id', 'desc')
      .execute(),
    db.selectFrom('notes').select(['id', 'at', 'operator', 'body']).where('item_id', '=', id).orderBy('id', 'desc').execute(),
    item.duplicate_of_id === null ? undefined : loadItems(db, [item.duplicate_of_id]).then((m) => m.get(item.duplicate_of_id!)),
  ])
  return {
    item: {
      ...toQueueRow({ ...item, name: item.student_name, student_no: student.student_no }, env),
      resolutionNote: item.resolution_note,
      duplicateOfId: item.duplicate_of_id,
      reply: item.reply,
      resubmittedAt: item.resubmitted_at,
      resubmittedBy: item.resubmitted_by,
      ticketNo: item.ticket_no,
      vanishedAt: item.vanished_at,
      disputeReason: item.dispute_reason,
    },
    report: report.map((r) => ({ id: r.id, errorType: r.error_type, reason: r.reason, status: r.status, resolution: r.resolution })),
    next: transitionsFrom(item.status),
    history: history.map((h) => ({
      id: h.id, at: h.at, operator: h.operator, field: h.field, oldValue: h.old_value, newValue: h.new_value, stepLabel: h.label,
    })),
    notes,
    duplicateOf: duplicateOf ? { id: duplicateOf.id, label: `${describeItem(duplicateOf)}：${duplicateOf.reason}` } : null,
    kind: item.kind,
  }
}
