import { once } from 'node:events'
import { createWriteStream, openSync, type WriteStream } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { WORKBOOKS_WITH_NATIONAL_ID, type ExportOptions, type ExportResult, type WorkbookKind } from '../../shared/contract/export'
import type { CoreContext } from '../context'
import type { WorkbookSource } from './items'
import type { ReportProgress } from '../jobs'
import { toExcelDate } from './dates'
import { writeQuotePrefix } from './formulaText'
import { nationalIdHeader } from './privacy'
import { printedDate, resolveScope, type ExportScope } from './scope'
import { writeSheet } from './sheet'
import { makeStyles, useDefaultFont } from './style'
import { checkTarget, fileError, tempPathBeside } from './target'
import type { WorkbookPlan } from './workbooks/plan'
import { recheck } from './workbooks/recheck'
import { replies } from './workbooks/replies'
import { summary } from './workbooks/summary'
import { unconfirmed } from './workbooks/unconfirmed'
import { worklist } from './workbooks/worklist'

const BUILDERS: Record<WorkbookKind, (source: WorkbookSource, scope: ExportScope) => Promise<WorkbookPlan>> = {
  worklist,
  summary,
  unconfirmed,
  recheck,
  replies,
}

/**
 * Writes one workbook to `outPath`. The file appears whole or not at all: it is written to
 * a temp file beside the target and renamed over it at the end, and any failure removes
 * the temp file and leaves an existing target as it was.
 */
export async function writeWorkbook(
  ctx: CoreContext,
  options: ExportOptions,
  outPath: string,
  report: ReportProgress = () => undefined,
): Promise<ExportResult> {
  const target = resolve(outPath)
  const name = basename(target)
  await checkTarget(target)
  const scope = await resolveScope(ctx, options)
  const plan = await BUILDERS[scope.options.workbook](ctx, scope)
  let done = 0
  report({ label: `寫入「${plan.title}」`, done, total: plan.total })

  // Loaded at the first export: a process that never exports (an import from the command line)
  // does not pay for exceljs's modules at its start (~0.15 s).
  const { default: ExcelJS } = await import('exceljs')
  const temp = tempPathBeside(target)
  let out: WriteStream
  try {
    out = createWriteStream(temp, { fd: openSync(temp, 'wx') })
  } catch (error) {
    throw fileError(error, name)
  }
  // A write error (disk full, folder gone) must fail the export, not crash the process.
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error))
  failed.catch(() => undefined)

  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  useDefaultFont(book)
  writeQuotePrefix(book)
  const created = toExcelDate(scope.now) ?? new Date()
  Object.assign(book, {
    title: plan.title,
    subject: scope.round.name,
    creator: scope.operator ?? '收訖回報工作台',
    lastModifiedBy: scope.operator ?? '收訖回報工作台',
    description: `收訖回報工作台匯出：${plan.title}`,
    language: 'zh-TW',
    created,
    modified: created,
  })
  const env = {
    styles: makeStyles(scope.dateStyle),
    dateStyle: scope.dateStyle,
    heading: {
      school: scope.settings.schoolName, round: scope.round.name, printed: printedDate(scope),
      idNotice: nationalIdHeader(WORKBOOKS_WITH_NATIONAL_ID.includes(scope.options.workbook), scope.options.includeFullNationalId),
    },
    onRows(count: number) {
      done += count
      report({ done })
    },
  }

  const sheets: string[] = []
  let rows = 0
  try {
    await Promise.race([
      failed,
      (async () => {
        for (const spec of plan.sheets) {
          rows += await writeSheet(book, spec, env)
          sheets.push(spec.name)
        }
        await book.commit()
        if (!out.closed) await once(out, 'close')
      })(),
    ])
    const handle = await open(temp, 'r+')
    await handle.sync()
    await handle.close()
    await rename(temp, target)
  } catch (error) {
    out.destroy()
    await rm(temp, { force: true })
    throw fileError(error, name)
  }
  report({ label: `已儲存「${name}」`, done: plan.total })
  return { path: target, rows, sheets }
}
