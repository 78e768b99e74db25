import { sql } from 'kysely'
import { type ImportUndone, type ImportUndoCounts, type ImportUndoView } from '../../../shared/contract/import'
import { formatDateTime } from '../../../shared/dates'
import type { DateStyle } from '../../../shared/domain'
import type { CoreContext } from '../../context'
import type { ImportBatch, ImportUndoTable } from '../../db/schema'
import type { Db, Writer } from '../../db/store'
import { AppError } from '../../errors'
import { getSettings, ownerOf, requireOperator } from '../../settings/store'
import { describeItem, loadItems } from '../../triage/targets'
import type { RoundBefore, RowValues } from './journal'

// Undo of the last import on a school's server (the journal: journal.ts). In one write it takes
// the DB back to what it was before the import: the rows it added are removed (children before
// parents), the rows it changed get their values back, the rows it removed return with their ids,
// the round it replaced comes back, and its batch row and journal go. It is the operator's own
// (whoever is at this PC), only while the import is still the last, and refused — nothing changed
// — when anyone has worked since on what it added or changed: all or nothing.

/** Children before parents: the order the added rows are removed in. */
const REMOVAL_ORDER = ['report_items', 'confirmations', 'course_records', 'cadre_records', 'performance_records', 'outcome_records', 'students'] as const

interface Journaled {
  head: ImportUndoTable
  batch: ImportBatch
}

async function journaled(db: Db): Promise<Journaled | null> {
  const head = await db.selectFrom('import_undo').selectAll().executeTakeFirst()
  if (!head) return null
  const batch = await db.selectFrom('import_batches').selectAll().where('id', '=', head.batch_id).executeTakeFirstOrThrow()
  return { head, batch }
}

const changesOf = (head: ImportUndoTable) => JSON.parse(head.counts) as ImportUndoCounts[]

const roundBackName = (head: ImportUndoTable): string | null =>
  head.round_before ? (JSON.parse(head.round_before) as RoundBefore).round.name : null

/**
 * Why the import cannot be undone now (zh-TW; null when it can): someone worked on the report
 * items it added or changed, a student it added had their full national ID shown (on their
 * record), or the round it switched to was edited in 設定. (Another import after it replaces the
 * journal: then it is not the one kept.)
 */
async function refusalOf(db: Db, { head, batch }: Journaled, style: DateStyle): Promise<string | null> {
  const what = `「${batch.file_name}」的匯入`
  const at = (stamp: string) => formatDateTime(stamp, style)
  // Every decision, reply, note or section move is a triage step over items (triage/step.ts).
  const worked = await sql<{ item_id: number; operator: string; at: string; label: string }>`
    SELECT csi.item_id, s.operator, s.at, s.label
    FROM change_steps s
    JOIN change_step_items csi ON csi.step_id = s.id
    JOIN report_items ri ON ri.id = csi.item_id
    LEFT JOIN report_items original ON original.id = ri.duplicate_of_id
    WHERE s.id > ${head.steps_before}
      AND (ri.first_batch_id = ${batch.id} OR original.first_batch_id = ${batch.id} OR EXISTS (
        SELECT 1 FROM import_undo_rows u WHERE u.batch_id = ${batch.id} AND u.table_name = 'report_items' AND u.row_id = ri.id))
    ORDER BY s.id, csi.item_id`.execute(db)
  if (worked.rows.length > 0) {
    const first = worked.rows[0]
    const item = (await loadItems(db, [first.item_id])).get(first.item_id)!
    const items = new Set(worked.rows.map((r) => r.item_id)).size
    return `無法復原${what}：它新增或更新的回報項目之後已有人處理——${describeItem(item)}由 ${first.operator} 於 ${at(first.at)} ${first.label}` +
      `${items > 1 ? `，共 ${items} 筆回報項目` : ''}。`
  }

  const shown = await db.selectFrom('student_history as h').innerJoin('students as s', 's.id', 'h.student_id')
    .select(['s.name', 's.student_no', 'h.operator', 'h.at'])
    .where('s.first_batch_id', '=', batch.id).orderBy('h.id').limit(1).executeTakeFirst()
  if (shown) {
    return `無法復原${what}：它新增的學生 ${shown.name}（學號 ${shown.student_no}）的完整身分證號已由 ${shown.operator} 於 ${at(shown.at)} 查看並記錄在學生資料中。`
  }

  if (head.round_after !== null) {
    const round = await db.selectFrom('rounds').selectAll().where('id', '=', head.round_after).executeTakeFirst()
    if (!round || round.updated_by !== null || round.is_current !== 1) {
      const by = round?.updated_by ? `由 ${round.updated_by} 於 ${at(round.updated_at)} ` : ''
      return `無法復原${what}：匯入時改用的收訖確認梯次之後已${by}在「設定」修改或改選。`
    }
  }
  return null
}

/** The last import on a server, for the import page; null when none can be undone (a SQLite file has its backups instead). */
export async function lastUndoable(ctx: CoreContext): Promise<ImportUndoView | null> {
  const settings = await getSettings(ctx.db, ownerOf(ctx))
  return ctx.store.read(async ({ db }) => {
    const found = await journaled(db)
    if (!found) return null
    const { head, batch } = found
    return {
      batchId: batch.id,
      fileName: batch.file_name,
      importedAt: batch.imported_at,
      operator: batch.operator,
      mine: batch.operator === settings.operatorName,
      changes: changesOf(head),
      roundBack: roundBackName(head),
      refusal: await refusalOf(db, found, settings.dateStyle),
    }
  })
}

/** Undoes import `batchId`, which must still be the last one, as this PC's operator. */
export async function undoLastImport(ctx: CoreContext, batchId: number): Promise<ImportUndone> {
  const operator = await requireOperator(ctx.db, ownerOf(ctx))
  const { dateStyle } = await getSettings(ctx.db, ownerOf(ctx))
  return ctx.store.write(async (w) => {
    await w.begin()
    const found = await journaled(w.db)
    if (!found || found.batch.id !== batchId) throw await notLast(w.db, batchId, dateStyle)
    const { head, batch } = found
    if (batch.operator !== operator) {
      throw new AppError('import-undo-not-yours', `「${batch.file_name}」是 ${batch.operator} 匯入的，只有 ${batch.operator} 能在自己的電腦上復原這次匯入。這次沒有變更任何資料。`)
    }
    const refusal = await refusalOf(w.db, found, dateStyle)
    if (refusal) throw new AppError('import-undo-refused', `${refusal}這次沒有變更任何資料。`)

    for (const table of REMOVAL_ORDER) await w.db.deleteFrom(table).where('first_batch_id', '=', batch.id).execute()
    await putBack(w, batch.id)
    const roundBack = roundBackName(head)
    await w.db.deleteFrom('import_undo_rows').execute()
    await w.db.deleteFrom('import_undo').execute()
    await w.db.deleteFrom('import_batches').where('id', '=', batch.id).execute()
    if (head.round_before) await restoreRound(w.db, JSON.parse(head.round_before) as RoundBefore, head.round_after!)
    return { fileName: batch.file_name, changes: changesOf(head), roundBack }
  }, { operator })
}

/** Why import `batchId` is not the one that can be undone: a later import, or it is gone. */
async function notLast(db: Db, batchId: number, style: DateStyle): Promise<AppError> {
  const batch = await db.selectFrom('import_batches').select('file_name').where('id', '=', batchId).executeTakeFirst()
  const later = await db.selectFrom('import_batches').select(['file_name', 'operator', 'imported_at'])
    .where('id', '>', batchId).orderBy('id', 'desc').limit(1).executeTakeFirst()
  if (!batch) return new AppError('import-undo-gone', '這次匯入已經復原，或已不存在；沒有變更任何資料。')
  const since = later ? `之後 ${later.operator} 於 ${formatDateTime(later.imported_at, style)} 又匯入了「${later.file_name}」，` : ''
  return new AppError('import-undo-not-last', `無法復原「${batch.file_name}」的匯入：${since}只能復原最後一次匯入。這次沒有變更任何資料。`)
}

/** The rows the import changed get their values back; the rows it removed return whole, with their ids. */
async function putBack(w: Writer, batchId: number): Promise<void> {
  const journal = await w.db.selectFrom('import_undo_rows').select(['table_name', 'row_id', 'change', 'before'])
    .where('batch_id', '=', batchId).orderBy('table_name').orderBy('row_id').execute()
  // Rows of one table with the same columns go in one bulk write (it wants the same columns in each).
  const groups = new Map<string, { table: string; change: string; rows: ({ id: number } & RowValues)[] }>()
  for (const row of journal) {
    const values = JSON.parse(row.before) as RowValues
    const key = `${row.change}|${row.table_name}|${Object.keys(values).join(',')}`
    let group = groups.get(key)
    if (!group) groups.set(key, (group = { table: row.table_name, change: row.change, rows: [] }))
    group.rows.push({ id: row.row_id, ...values })
  }
  // A roster import may have moved a national ID from one student to another: clear the IDs first
  // (a unique column), as the import did, then put each back.
  const movedIds = [...groups.values()].filter((g) => g.change === 'updated' && g.table === 'students' && 'national_id' in g.rows[0])
    .flatMap((g) => g.rows.map((r) => ({ id: r.id, national_id: null })))
  await w.bulk.update('students', movedIds)
  for (const g of groups.values()) {
    if (g.change === 'updated') await w.bulk.update(g.table as never, g.rows as never)
  }
  for (const g of groups.values()) {
    if (g.change === 'deleted') await w.bulk.insert(g.table as never, g.rows as never)
  }
}

/** The untouched default round the import replaced comes back as the current one; the import's round goes. */
async function restoreRound(db: Db, before: RoundBefore, adopted: number): Promise<void> {
  const { round, terms, batches } = before
  // Not current until the import's round is gone: only one round may be current.
  await db.insertInto('rounds').values({ ...round, is_current: 0 }).execute()
  if (terms.length) await db.insertInto('round_terms').values(terms).execute()
  if (batches.length) await db.updateTable('import_batches').set({ round_id: round.id }).where('id', 'in', batches).execute()
  await db.deleteFrom('round_terms').where('round_id', '=', adopted).execute()
  await db.deleteFrom('rounds').where('id', '=', adopted).execute()
  await db.updateTable('rounds').set({ is_current: round.is_current }).where('id', '=', round.id).execute()
}
