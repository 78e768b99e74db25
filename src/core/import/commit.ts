import type { ImportSummary, RowProblem } from '../../shared/contract/import'
import { takeBackup } from '../backup/backups'
import type { CoreContext } from '../context'
import { steppedTransaction } from '../db/steppedTransaction'
import { AppError } from '../errors'
import type { ReportProgress } from '../jobs'
import { getCurrentRound } from '../rounds/store'
import { getSettings } from '../settings/store'
import { nowStamp } from '../time'
import { adoptRound, roundFit, roundFitNotice } from '../rounds/fit'
import { kindTermsOf, studentColumnOf, type Analysis } from './analyse'
import { planLong, planWide } from './merge/confirmations'
import type { MergeEnv, Plan } from './merge/plan'
import { planRecords } from './merge/records'
import { planRoster } from './merge/roster'

const MAX_REASONS = 1000

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
    default: {
      const guardedScopes = new Set<string>()
      for (const row of data.rows) {
        if (analysis.sheets.find((s) => s.name === row.sheet)?.hadProblems) guardedScopes.add(`${row.term}|${row.scope}`)
      }
      return planRecords(env, {
        kind: data.shape,
        rows: data.rows,
        headers: new Map(analysis.sheets.map((s) => [s.name, s.headers])),
        guardedScopes,
        columnOf,
      })
    }
  }
}

/** The terms a batch is about: the file's, or those its rows carry; a roster has none. */
function batchTerm(analysis: Analysis): string | null {
  if (analysis.fileKind === 'roster') return null
  if (analysis.termSource !== 'column') return analysis.term
  const terms = [...new Set(analysis.sheets.flatMap((s) => s.terms))].sort()
  return terms.length ? terms.join(',') : analysis.term
}

/**
 * Writes a staged file: plan (reads), a backup when the plan changes anything, then one
 * transaction for the batch row and every change — all or nothing — that reports the rows
 * written and lets the window's calls through as it goes.
 */
export async function commitImport(ctx: CoreContext, request: CommitRequest): Promise<ImportSummary> {
  const { analysis, fileName } = request
  checkCommittable(analysis, request.importRest)
  const settings = await getSettings(ctx.db)
  const round = await getCurrentRound(ctx.db)
  // Holding kysely's connection keeps every other query (and transaction) out until we are done.
  return ctx.db.connection().execute(async () => {
    const now = nowStamp(ctx.clock)
    const env: MergeEnv = { sqlite: ctx.sqlite, now, routing: settings.routing }
    request.report?.({ label: '比對資料庫中的資料', done: 0, total: null })
    const plan = await planFor(env, analysis)
    let backup: string | null = null
    if (plan.changes > 0) {
      request.report?.({ label: '備份資料庫', done: 0, total: null })
      backup = await takeBackup(ctx, `匯入「${fileName}」之前`)
    }
    const writing = (done: number) => request.report?.({ label: '寫入資料庫', done, total: plan.changes })
    writing(0)
    const skippedReasons: RowProblem[] = [...analysis.problems, ...plan.skipped].slice(0, MAX_REASONS)
    const skipped = analysis.problemRows + plan.skipped.length
    const isConfirmation = analysis.fileKind === 'confirmation'
    const fit = roundFit(ctx.sqlite, round, kindTermsOf(analysis))
    let batchId = 0
    let roundId = round?.id ?? null
    let unconfirmed: number | null = null
    await steppedTransaction(ctx.sqlite, function* () {
      // A fresh DB's round comes from the clock; the first data says which year it really is.
      if (round && fit.adoptYear !== null) roundId = adoptRound(ctx.sqlite, round, fit.adoptYear, now).id
      const batch = ctx.sqlite.prepare(`INSERT INTO import_batches (round_id, file_name, file_hash, file_kind, term, sheets,
        imported_at, operator) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
        roundId, fileName, request.fileHash, analysis.fileKind, batchTerm(analysis),
        JSON.stringify(analysis.sheets.filter((s) => s.rows > 0 && s.shape).map((s) => s.name)), now, request.operator,
      )
      batchId = Number(batch.lastInsertRowid)
      yield* plan.apply(batchId)
      if (isConfirmation && roundId !== null) {
        unconfirmed = (ctx.sqlite.prepare(`SELECT count(DISTINCT c.student_id) AS n FROM confirmations c
          JOIN round_terms rt ON rt.round_id = ? AND rt.kind = c.kind AND rt.term = c.term
          WHERE c.state = 'unconfirmed'`).get(roundId) as { n: number }).n
      }
      ctx.sqlite.prepare(`UPDATE import_batches SET added = ?, updated = ?, unchanged = ?, vanished = ?, skipped = ?,
        skipped_reasons = ?, unconfirmed_students = ? WHERE id = ?`).run(
        plan.added, plan.updated, plan.unchanged, plan.vanished, skipped, JSON.stringify(skippedReasons), unconfirmed, batchId,
      )
    }, writing)
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
      unconfirmedStudents: unconfirmed,
      roundNotice: roundFitNotice(fit, round, false),
    }
  })
}
