import type { ImportSummary, RowProblem } from '../../shared/contract/import'
import { takeBackup } from '../backup/backups'
import type { CoreContext } from '../context'
import type { Db } from '../db/store'
import { AppError } from '../errors'
import type { ReportProgress } from '../jobs'
import { getCurrentRound } from '../rounds/store'
import { hintScopeOfImport, refreshHints } from '../hints/refresh'
import { getSettings, ownerOf } from '../settings/store'
import { nowStamp } from '../time'
import { adoptRound, roundFit, roundFitNotice } from '../rounds/fit'
import { kindTermsOf, studentColumnOf, type Analysis } from './analyse'
import { planLong, planWide } from './merge/confirmations'
import type { MergeEnv, Plan } from './merge/plan'
import { planRecords } from './merge/records'
import { planRoster } from './merge/roster'
import { ImportJournal } from './undo/journal'

/** An import writing this many rows or more is a large write (db/sqlite/largeWrite.ts). */
export const LARGE_WRITE_ROWS = 10_000

export const MAX_REASONS = 1000

export interface CommitRequest {
  fileName: string
  fileHash: string
  analysis: Analysis
  importRest: boolean
  operator: string
  /** Each step's name, and while writing the rows written of `plan.changes`. */
  report?: ReportProgress
}

/** Refuses what cannot be imported as it stands, before anything is touched. */
export function checkCommittable(analysis: Analysis, importRest: boolean, unknownStudents = 0): void {
  if (analysis.refusal || !analysis.data) {
    throw new AppError(analysis.termNeeded ? 'term-needed' : 'file-unrecognised', analysis.refusal ?? `無法匯入「${analysis.fileName}」。`, { file: analysis.fileName })
  }
  const problemRows = analysis.problemRows + unknownStudents
  if (problemRows > 0 && !importRest) {
    throw new AppError(
      'rows-have-problems',
      `「${analysis.fileName}」有 ${problemRows} 列資料有問題。請檢視問題清單，選擇「略過有問題的列並匯入」或「取消」。`,
      { file: analysis.fileName, problems: analysis.problems.slice(0, 50) },
    )
  }
}

async function planFor(env: MergeEnv, analysis: Analysis): Promise<Plan> {
  const data = analysis.data!
  const columnOf = studentColumnOf(analysis)
  const file = { protection: { refs: analysis.protectedRefs, all: analysis.unidentifiedProblem }, columnOf }
  switch (data.shape) {
    case 'roster': return planRoster(env, data.rows)
    case 'confirmationWide': return planWide(env, data.rows, file)
    case 'confirmationLong': return planLong(env, data.rows, file)
    default:
      return planRecords(env, {
        kind: data.shape,
        rows: data.rows,
        headers: new Map(analysis.sheets.map((s) => [s.name, s.headers])),
        guardedSheets: guardedSheetsOf(analysis),
        columnOf,
      })
  }
}

/** Sheets with problem rows: what the file does not list there may only be unreadable, so nothing is removed. */
export const guardedSheetsOf = (analysis: Analysis) => new Set(analysis.sheets.filter((s) => s.hadProblems).map((s) => s.name))

/** The terms a batch is about: the file's, or those its rows carry; a roster has none. */
export function batchTerm(analysis: Analysis): string | null {
  if (analysis.fileKind === 'roster') return null
  if (analysis.termSource !== 'column') return analysis.term
  const terms = [...new Set(analysis.sheets.flatMap((s) => s.terms))].sort()
  return terms.length ? terms.join(',') : analysis.term
}

/**
 * Writes a staged file as ONE write of the store (db/store.ts) — all or nothing, exclusive among
 * every writer of the DB, on this PC or another — which reports the rows written and lets the
 * window's calls through as it goes: the plan (reads), on the SQLite file a backup when the plan
 * changes anything, then the batch row and every change — on a server, kept in the journal its
 * operator can undo it by (undo/).
 */
export async function commitImport(ctx: CoreContext, request: CommitRequest): Promise<ImportSummary> {
  const { analysis, fileName } = request
  checkCommittable(analysis, request.importRest)
  const settings = await getSettings(ctx.db, ownerOf(ctx))
  let plan: Plan | null = null
  /** Rows the bulk writer had written when the hints began (their updates are counted apart). */
  let hintsFrom: number | null = null
  const writing = (done: number) => request.report?.(hintsFrom === null
    ? { label: '寫入資料庫', done, total: plan?.changes ?? null }
    : { label: '更新「提示」', done: done - hintsFrom, total: null })
  const waiting = (holder: string | null) =>
    request.report?.({ label: `等待${holder ? `「${holder}」` : '另一台電腦'}的寫入完成`, done: 0, total: null })
  return ctx.store.write(async (w) => {
    const now = nowStamp(ctx.clock)
    const round = await getCurrentRound(w.db)
    const env: MergeEnv = { reader: w, now, routing: settings.routing }
    request.report?.({ label: '比對資料庫中的資料', done: 0, total: null })
    plan = await planFor(env, analysis)
    let backup: string | null = null
    if (plan.changes > 0 && w.file) {
      request.report?.({ label: '備份資料庫', done: 0, total: null })
      backup = await takeBackup(ctx, w.file, `匯入「${fileName}」之前`)
    }
    await w.begin({ large: plan.changes >= LARGE_WRITE_ROWS })
    writing(0)
    const skippedReasons: RowProblem[] = [...analysis.problems, ...plan.skipped].slice(0, MAX_REASONS)
    const skipped = analysis.problemRows + plan.skipped.length
    const fit = await roundFit(w.db, round, kindTermsOf(analysis))
    // A server keeps what the import changes, so that it can be undone; a file has its backup.
    const journal = ctx.store.file === null ? await ImportJournal.start(w.db) : null
    // A fresh DB's round comes from the clock; the first data says which year it really is.
    let roundId = round?.id ?? null
    if (round && fit.adoptYear !== null) {
      await journal?.roundReplaced(round)
      roundId = (await adoptRound(w.db, round, fit.adoptYear, now)).id
      journal?.roundAdopted(roundId)
    }
    const { id: batchId } = await w.db.insertInto('import_batches').values({
      round_id: roundId, file_name: fileName, file_hash: request.fileHash, file_kind: analysis.fileKind!,
      term: batchTerm(analysis), sheets: JSON.stringify(analysis.sheets.filter((s) => s.rows > 0 && s.shape).map((s) => s.name)),
      imported_at: now, operator: request.operator,
    }).returning('id').executeTakeFirstOrThrow()
    await plan.apply(journal ? journal.writer(w.bulk, batchId) : w.bulk, batchId)
    if (plan.changes > 0) {
      hintsFrom = w.bulk.written
      request.report?.({ label: '更新「提示」', done: 0, total: null })
      // Not journaled: undoing the import works the hints out again (import/undo).
      await refreshHints(w, hintScopeOfImport(analysis.fileKind!, { changedAt: now }))
    }
    const unconfirmed = analysis.fileKind === 'confirmation' && roundId !== null ? await unconfirmedStudents(w.db, roundId) : null
    await w.db.updateTable('import_batches').set({
      added: plan.added, updated: plan.updated, unchanged: plan.unchanged, vanished: plan.vanished, skipped,
      skipped_reasons: JSON.stringify(skippedReasons), unconfirmed_students: unconfirmed,
    }).where('id', '=', batchId).execute()
    await journal?.save(batchId)
    return {
      batchId,
      fileName,
      fileKind: analysis.fileKind!,
      term: batchTerm(analysis),
      added: plan.added,
      updated: plan.updated,
      unchanged: plan.unchanged,
      vanished: plan.vanished,
      skipped,
      skippedReasons,
      reportItems: plan.reportItems,
      backup,
      undoable: journal !== null,
      unconfirmedStudents: unconfirmed,
      roundNotice: roundFitNotice(fit, round, false),
    }
  }, { operator: request.operator, progress: writing, onWait: waiting })
}

/** Students with a confirmation of the round still unconfirmed, right after an import (the round's trend). */
async function unconfirmedStudents(db: Db, roundId: number): Promise<number> {
  const row = await db.selectFrom('confirmations as c')
    .innerJoin('round_terms as rt', (join) => join.on('rt.round_id', '=', roundId).onRef('rt.kind', '=', 'c.kind').onRef('rt.term', '=', 'c.term'))
    .select((eb) => eb.fn.count<number>('c.student_id').distinct().as('n'))
    .where('c.state', '=', 'unconfirmed')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
