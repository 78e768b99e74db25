import { copyFileSync, createReadStream, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { parse } from 'csv-parse'
import ExcelJS from 'exceljs'
import { createCore } from '../../src/core'
import { headlessHost } from '../../src/core/host'
import { commitStaged, stageBytes } from '../../src/core/import/stage'
import type { ImportSummary } from '../../src/shared/contract/import'
import { sqliteOf } from '../../test/helpers/sqliteOf'
import { databaseFrom, rowsWrittenOn, type ServerCopy } from './server'

// One benchmark case, run in its own process so that its peak RSS is its own. Prints one JSON
// line: { ms, maxRssMb, ...what it counted }. Timing starts after modules and the DB are open.

export type CaseName = 'bare-xlsx' | 'bare-xlsx-load' | 'bare-csv-exceljs' | 'bare-csv-parse' | 'import' | 'import-pg'

async function bareXlsx(file: string) {
  // exceljs's own streaming reader, with the options our reader uses (shared strings and styles cached).
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file), {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
  })
  let rows = 0
  let cells = 0
  for await (const sheet of reader) {
    for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
      rows += 1
      cells += (row.values as unknown[]).length
    }
  }
  return { rows, cells }
}

async function bareXlsxLoad(file: string) {
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(file)
  let rows = 0
  book.eachSheet((sheet) => sheet.eachRow(() => (rows += 1)))
  return { rows }
}

async function bareCsvExceljs(file: string) {
  const book = new ExcelJS.Workbook()
  const sheet = await book.csv.readFile(file)
  return { rows: sheet.rowCount }
}

async function bareCsvParse(file: string) {
  let rows = 0
  for await (const record of createReadStream(file).pipe(parse({ relax_column_count: true }))) rows += (record as unknown[]).length ? 1 : 0
  return { rows }
}

/**
 * The longest stretch in which the event loop answered nothing (a timer every 5 ms measures
 * the gaps): in the app, how long the window's calls (progress polls included) would wait.
 */
function pauses() {
  let last = performance.now()
  let longest = 0
  const timer = setInterval(() => {
    const now = performance.now()
    longest = Math.max(longest, now - last)
    last = now
  }, 5)
  return {
    stop() {
      clearInterval(timer)
      return Math.round(Math.max(longest, performance.now() - last))
    },
  }
}

/**
 * The app's own path (what `cli import` does): stage, analyse, commit — on a copy of the SQLite
 * file given, or on a server database copied from the one given (the copy is made before the
 * clock starts).
 */
async function importFile(file: string, where: { file: string; template: string } | ServerCopy) {
  const onServer = 'database' in where
  if (!onServer) copyFileSync(where.template, where.file)
  const server = onServer ? await databaseFrom(where) : undefined
  const core = await createCore({ dbFile: onServer ? join(tmpdir(), 'unused.sqlite') : where.file, server, host: headlessHost, version: 'bench' })
  let closed = false
  try {
    const changesBefore = onServer ? 0 : (sqliteOf(core).prepare('SELECT total_changes() AS n').get() as { n: number }).n
    const started = performance.now()
    const analysing = pauses()
    const staged = await stageBytes(core.ctx, basename(file), new Uint8Array(readFileSync(file)), 'cli')
    await core.ctx.jobs.wait(staged.jobId!)
    const analysisPauseMs = analysing.stop()
    const committing = pauses()
    const summary = await core.ctx.jobs.wait<ImportSummary>(commitStaged(core.ctx, staged, true, '效能測試'))
    const commitPauseMs = committing.stop()
    const ms = performance.now() - started
    let rowsWritten: number
    if (onServer) {
      await core.close()
      closed = true
      rowsWritten = await rowsWrittenOn(where)
    } else {
      // Everything written on this connection, less the batch row (inserted, then given its counts)
      // and the change mark every write moves on (db/sqlite/store.ts: other windows refresh by it).
      rowsWritten = (sqliteOf(core).prepare('SELECT total_changes() AS n').get() as { n: number }).n - changesBefore - 3
      sqliteOf(core).pragma('wal_checkpoint(TRUNCATE)')
    }
    return { ms, analysisPauseMs, commitPauseMs, added: summary.added, updated: summary.updated, unchanged: summary.unchanged, skipped: summary.skipped, rowsWritten }
  } finally {
    if (!closed) await core.close()
  }
}

async function main() {
  const [name, file, templateDb, dbFile] = process.argv.slice(2) as [CaseName, string, string?, string?]
  const started = performance.now()
  let result: Record<string, unknown>
  if (name === 'import') result = await importFile(file, { template: templateDb!, file: dbFile! })
  else if (name === 'import-pg') result = await importFile(file, JSON.parse(templateDb!) as ServerCopy)
  else {
    const run = { 'bare-xlsx': bareXlsx, 'bare-xlsx-load': bareXlsxLoad, 'bare-csv-exceljs': bareCsvExceljs, 'bare-csv-parse': bareCsvParse }[name]
    result = { ...(await run(file)), ms: performance.now() - started }
  }
  console.log(JSON.stringify({ ...result, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }))
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
