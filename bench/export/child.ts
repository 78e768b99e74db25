import BetterSqlite3 from 'better-sqlite3'
import ExcelJS from 'exceljs'
import { createCore } from '../../src/core'
import { writeWorkbook } from '../../src/core/export/write'
import { maskNationalId } from '../../src/shared/nationalId'
import { toExcelDate } from '../../src/core/export/dates'
import { headlessHost } from '../../src/core/host'
import {
  ERROR_TYPE_LABELS, ITEM_STATUS_LABELS, KIND_LABELS, RESOLUTION_LABELS, SECTION_LABELS,
  type ErrorType, type ItemStatus, type Kind, type Resolution, type Section,
} from '../../src/shared/domain'

// One measured run, in its own process so that its peak RSS is its own:
//   app  — the app's worklist export (writeWorkbook), styles, widths, title rows and all;
//   bare — the same rows, read with one SQL query, written by exceljs's streaming writer
//          with no styles: the floor any exceljs export of these rows stands on;
//   idle — loads the same modules and writes nothing: the RSS every process starts from.

const [mode, dbFile, out] = process.argv.slice(2)

async function app(): Promise<number> {
  const core = await createCore({ dbFile, host: headlessHost, clock: () => new Date('2025-10-17T09:00:00+08:00') })
  const start = clock()
  const result = await writeWorkbook(core.ctx, { workbook: 'worklist', includeFullNationalId: false }, out)
  const spent = clock(start)
  await core.close()
  report(spent, result.rows)
  return 0
}

async function bare(): Promise<number> {
  const sqlite = new BetterSqlite3(dbFile, { readonly: true })
  const start = clock()
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: false, useSharedStrings: false })
  const sheet = book.addWorksheet('回報工作清單')
  sheet.addRow(['負責組別', '班級', '座號', '學號', '姓名', '身分證號', '項目', '學期', '錯誤類別', '回報內容', '處理狀態',
    '免修正原因', '答覆', '重新提交時間', '重新提交者', '最後備註', '最後異動', '異動者']).commit()
  const rows = sqlite.prepare(`
    SELECT ri.*, s.class_name, s.seat, s.student_no, s.name, s.national_id,
      (SELECT body FROM notes WHERE notes.item_id = ri.id ORDER BY notes.id DESC LIMIT 1) AS last_note
    FROM report_items ri JOIN students s ON s.id = ri.student_id
    ORDER BY s.class_name, CAST(s.seat AS INTEGER), s.seat, ri.kind, ri.term, ri.error_type, ri.id`)
  let count = 0
  for (const r of rows.iterate() as Iterable<Record<string, string | null>>) {
    sheet.addRow([
      SECTION_LABELS[r.section as Section], r.class_name, r.seat, r.student_no, r.name, maskNationalId(r.national_id),
      KIND_LABELS[r.kind as Kind], r.term, ERROR_TYPE_LABELS[r.error_type as ErrorType], r.reason,
      ITEM_STATUS_LABELS[r.status as ItemStatus], r.resolution ? RESOLUTION_LABELS[r.resolution as Resolution] : null,
      r.reply, toExcelDate(r.resubmitted_at), r.resubmitted_by, r.last_note, toExcelDate(r.updated_at), r.updated_by,
    ]).commit()
    count += 1
  }
  sheet.commit()
  await book.commit()
  const spent = clock(start)
  sqlite.close()
  report(spent, count)
  return 0
}

interface Spent {
  ms: number
  cpuMs: number
}

/** Wall time, and CPU time (all threads, zlib's included): on a shared machine the latter is steadier. */
function clock(): Spent
function clock(since: Spent): Spent
function clock(since?: Spent): Spent {
  const usage = process.resourceUsage()
  const now = { ms: performance.now(), cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }
  return since ? { ms: now.ms - since.ms, cpuMs: now.cpuMs - since.cpuMs } : now
}

function report(spent: Spent, rows: number) {
  // maxRSS is in kilobytes.
  console.log(JSON.stringify({ mode, ...spent, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 }))
}

/** Loads what the other two load and writes nothing: the RSS a process starts from. */
async function idle(): Promise<number> {
  const core = await createCore({ dbFile, host: headlessHost })
  void ExcelJS.stream.xlsx.WorkbookWriter
  await core.close()
  report(clock(clock()), 0)
  return 0
}

;(mode === 'app' ? app() : mode === 'bare' ? bare() : idle()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
