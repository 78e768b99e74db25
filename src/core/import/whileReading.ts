import type { ImportSummary, RowProblem } from '../../shared/contract/import'
import type { Kind } from '../../shared/domain'
import { takeBackup } from '../backup/backups'
import type { CoreContext } from '../context'
import type { Writer } from '../db/store'
import { hintScopeOfImport, refreshHints } from '../hints/refresh'
import { getCurrentRound } from '../rounds/store'
import { adoptRound, roundFit, roundFitNotice } from '../rounds/fit'
import { getSettings, ownerOf } from '../settings/store'
import { nowStamp } from '../time'
import { studentColumnOf, type Analysis, type SheetAnalysis } from './analyse'
import { batchTerm, checkCommittable, guardedSheetsOf, MAX_REASONS } from './commit'
import { SHAPES } from './headers'
import type { RecordRow } from './kinds/records'
import { RecordPlanner } from './merge/records'
import { ImportJournal } from './undo/journal'
import { errorOf, isRecordShape, type ReadMessage, type Reading } from './reading'

// The command line's import of a record file (修課紀錄, 多元表現…), written while it is being read:
// another thread reads and converts the file (reading.ts) and this one plans and writes each part
// as it comes, so that a 110,000-row workbook takes about as long as the longer of the two halves
// rather than their sum. It writes what commitImport writes — the same rows, batch, round, backup
// and summary, in ONE write of the store (all or nothing) — with the skipped rows' problems
// imported as the CLI always does (importRest). Only the order differs: the backup is taken and
// the write begun at the file's first change, and what the file no longer lists is removed, the
// batch row completed and the round fitted once the whole file has been read. A file refused once
// its reading is under way (a later sheet without a term, damage half-way through) rolls the
// write back: the DB is as it was; the backup taken at its first change stays, a copy of that DB.
// On a server the import keeps its undo journal (undo/) as commitImport does.

export interface WhileReadingRequest {
  fileName: string
  fileHash: string
  operator: string
}

/**
 * Imports the file as it is read, when it is a record file; null when it is not one (a roster, a
 * confirmation file, one refused before any row was read), and the reading has been stopped: that
 * file goes the usual way, analysed whole before it is planned (stage.ts, commit.ts).
 */
export async function importWhileReading(ctx: CoreContext, reading: Reading, request: WhileReadingRequest): Promise<ImportSummary | null> {
  const first = await reading.messages.next()
  if (first.done || first.value.type !== 'rows' || !isRecordShape(first.value.sheet.shape)) {
    await reading.stop()
    return null
  }
  try {
    return await writeWhileReading(ctx, first.value, reading.messages, request)
  } finally {
    await reading.stop()
  }
}

async function writeWhileReading(
  ctx: CoreContext, first: Extract<ReadMessage, { type: 'rows' }>, rest: AsyncIterator<ReadMessage>, request: WhileReadingRequest,
): Promise<ImportSummary> {
  const kind = first.sheet.shape as Kind
  const settings = await getSettings(ctx.db, ownerOf(ctx))
  return ctx.store.write(async (w) => {
    const now = nowStamp(ctx.clock)
    const round = await getCurrentRound(w.db)
    // The sheets as they come (their headers name the columns of the messages about them).
    const read = { sheets: [] as SheetAnalysis[] }
    const planner = new RecordPlanner({ reader: w, now, routing: settings.routing }, kind, studentColumnOf(read))
    let batchId: number | null = null
    let backup: string | null = null
    // A server keeps what the import changes, so that it can be undone; a file has its backup.
    let journal = null as ImportJournal | null
    /** At the first change: the backup, the write's start, the journal, the batch row (completed at the end). */
    const begin = async (changes: boolean): Promise<number> => {
      if (batchId !== null) return batchId
      if (changes && w.file) backup = await takeBackup(ctx, w.file, `匯入「${request.fileName}」之前`)
      // How many rows the file holds is known only at its end: a record file read while it is
      // written is taken as a large write (the CLI reads every record file this way).
      await w.begin({ large: true })
      if (ctx.store.file === null) journal = await ImportJournal.start(w.db)
      batchId = await insertBatch(w, request, kind, now)
      return batchId
    }
    const bulk = (id: number) => (journal ? journal.writer(w.bulk, id) : w.bulk)

    let analysis: Analysis | null = null
    for (let message: ReadMessage | undefined = first; message; message = await take(rest)) {
      if (message.type === 'failed') throw errorOf(message.error)
      if (message.type === 'done') {
        analysis = message.analysis
        break
      }
      if (!read.sheets.some((s) => s.name === message!.sheet.name)) read.sheets.push(message.sheet)
      const changes = await planner.plan(message.rows as RecordRow[])
      if (changes.inserts.length + changes.updates.length > 0) {
        const id = await begin(true)
        await planner.apply(changes, bulk(id), id, new Map())
      }
    }
    if (!analysis) throw new Error('the reading ended before the whole file was read')
    checkCommittable(analysis, true)

    const removals = await planner.removals(guardedSheetsOf(analysis))
    const id = await begin(removals.length > 0)
    await planner.remove(removals, bulk(id))
    // The hints of the items that read these records' names, as commitImport works them out.
    if (planner.added + planner.updated + removals.length > 0) await refreshHints(w, hintScopeOfImport(SHAPES[kind].fileKind, { changedAt: now }))
    const skippedReasons: RowProblem[] = [...analysis.problems, ...planner.skipped].slice(0, MAX_REASONS)
    const skipped = analysis.problemRows + planner.skipped.length
    // The batch row is in but has no round yet: a fresh DB's round is still "untouched" here.
    const fit = await roundFit(w.db, round, planner.termsRead.map((term) => ({ kind, term })))
    let roundId = round?.id ?? null
    if (round && fit.adoptYear !== null) {
      await journal?.roundReplaced(round)
      roundId = (await adoptRound(w.db, round, fit.adoptYear, now)).id
      journal?.roundAdopted(roundId)
    }
    await w.db.updateTable('import_batches').set({
      round_id: roundId, term: batchTerm(analysis), sheets: JSON.stringify(analysis.sheets.filter((s) => s.rows > 0 && s.shape).map((s) => s.name)),
      added: planner.added, updated: planner.updated, unchanged: planner.unchanged, vanished: removals.length, skipped,
      skipped_reasons: JSON.stringify(skippedReasons), unconfirmed_students: null,
    }).where('id', '=', id).execute()
    await journal?.save(id)
    return {
      batchId: id,
      fileName: request.fileName,
      fileKind: analysis.fileKind!,
      term: batchTerm(analysis),
      added: planner.added,
      updated: planner.updated,
      unchanged: planner.unchanged,
      vanished: removals.length,
      skipped,
      skippedReasons,
      reportItems: null,
      backup,
      undoable: journal !== null,
      unconfirmedStudents: null,
      roundNotice: roundFitNotice(fit, round, false),
    }
  }, { operator: request.operator })
}

const take = async (messages: AsyncIterator<ReadMessage>) => {
  const next = await messages.next()
  return next.done ? undefined : next.value
}

/** The batch row, as far as it is known before the file has been read (commit.ts writes it whole). */
async function insertBatch(w: Writer, request: WhileReadingRequest, kind: Kind, now: string): Promise<number> {
  const { id } = await w.db.insertInto('import_batches').values({
    round_id: null, file_name: request.fileName, file_hash: request.fileHash, file_kind: SHAPES[kind].fileKind,
    term: null, sheets: '[]', imported_at: now, operator: request.operator,
  }).returning('id').executeTakeFirstOrThrow()
  return id
}
