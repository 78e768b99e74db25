import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { parseArgs } from 'node:util'
import { coverageText, type ImportSummary, type RowProblem } from '../../shared/contract/import'
import { formatDate } from '../../shared/dates'
import { isTermOrYear } from '../../shared/terms'
import { FILE_KIND_LABELS } from '../../shared/domain'
import type { CoreContext } from '../../core/context'
import { AppError } from '../../core/errors'
import { readInWorker } from '../../core/import/reading'
import { commitStaged, hashOf, savedMappings, stageBytes, toStagedFile } from '../../core/import/stage'
import { importWhileReading } from '../../core/import/whileReading'
import { getSettings, ownerOf } from '../../core/settings/store'
import { UsageError, type Command } from '../command'
import { openCore } from '../openCore'

/** Who a batch imported from the command line is recorded under, when 設定 has no operator. */
export const CLI_OPERATOR = '命令列'

const where = (p: RowProblem) => `${p.sheet} 第 ${p.row} 列${p.column ? `「${p.column}」` : ''}`

function summaryLine(s: ImportSummary): string {
  const what = `${FILE_KIND_LABELS[s.fileKind]}${s.term ? ` ${s.term}` : ''}`
  const vanished = s.fileKind === 'confirmation' ? '標記消失' : '移除'
  let line = `「${s.fileName}」${what}：新增 ${s.added}、更新 ${s.updated}、未變更 ${s.unchanged}、${vanished} ${s.vanished}、略過 ${s.skipped}`
  if (s.reportItems) {
    const r = s.reportItems
    line += `（回報項目：新增 ${r.added}、理由更新 ${r.updated}、未變更 ${r.unchanged}、標記消失 ${r.vanished}、重新出現 ${r.returned}）`
  }
  return line
}

/** The import's worker thread, bundled beside the CLI (scripts/buildCli.cjs; the CLI only runs bundled). */
const IMPORT_WORKER = join(__dirname, 'importWorker.js')

const termHint = '（命令列請以 --term 指定，例如 --term 1132）'

/**
 * A record file is written while a worker thread reads it (import/whileReading.ts): on two cores
 * the import takes about as long as the longer of reading and writing, not both. Any other file
 * (a roster, confirmation results, one refused at once) is analysed whole first, as in the app.
 */
async function importOne(ctx: CoreContext, path: string, term: string | undefined, operator: string): Promise<{ summary: ImportSummary; coverage: string | null }> {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await readFile(path))
  } catch (error) {
    throw new AppError('file-open-failed', `無法開啟「${path}」：${(error as NodeJS.ErrnoException).code === 'ENOENT' ? '找不到這個檔案' : (error as Error).message}`)
  }
  const fileName = basename(path)
  const reading = readInWorker(IMPORT_WORKER, { bytes, fileName, term: term ?? null, saved: await savedMappings(ctx) })
  try {
    const summary = await importWhileReading(ctx, reading, { fileName, fileHash: await hashOf(bytes), operator })
    if (summary) return { summary, coverage: null }
  } catch (error) {
    if (error instanceof AppError && error.code === 'term-needed') throw new AppError(error.code, `${error.message}${termHint}`)
    throw error
  }
  const staged = await stageBytes(ctx, fileName, bytes, 'cli', term ?? null)
  await ctx.jobs.wait(staged.jobId!)
  const view = toStagedFile(staged)
  if (view.status !== 'ready') {
    const hint = view.termNeeded ? termHint : ''
    throw new AppError('file-refused', `${view.message ?? `無法匯入「${view.fileName}」。`}${hint}`)
  }
  const { dateStyle } = await getSettings(ctx.db, ownerOf(ctx))
  const coverage = view.coverage && coverageText(view.coverage, (date) => formatDate(date, dateStyle))
  // Headless, nobody can choose: rows with problems are skipped, and each is printed with its reason.
  return { summary: await ctx.jobs.wait<ImportSummary>(commitStaged(ctx, staged, true, operator)), coverage }
}

export const importCommand: Command = {
  name: 'import',
  summary: `依序匯入檔案（名冊、收訖確認結果、各類紀錄）；操作者為「設定」中的姓名，未設定時記為「${CLI_OPERATOR}」；--term 如同在程式中選擇學期，優先於檔名中的學期（檔案有學年度學期欄位時仍依欄位）；整學年的紀錄檔（如 113_學生自填多元表現名冊.xlsx）不需指定，或寫 --term 113`,
  usage: 'import --db FILE [--term 1132] PATH...',
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { db: { type: 'string' }, term: { type: 'string' } } })
    if (!values.db) throw new UsageError('請以 --db 指定資料庫檔案。')
    if (positionals.length === 0) throw new UsageError('請列出要匯入的檔案。\n用法：npm run -s cli -- import --db FILE [--term 1132] PATH...')
    if (values.term !== undefined && !isTermOrYear(values.term)) throw new UsageError(`--term 請寫成 1132 的形式（學年度加學期；整學年的檔案寫 113），而不是「${values.term}」。`)
    const core = await openCore(values.db)
    try {
      const operator = (await getSettings(core.ctx.db, ownerOf(core.ctx))).operatorName ?? CLI_OPERATOR
      for (const path of positionals) {
        let summary: ImportSummary
        let coverage: string | null
        try {
          ;({ summary, coverage } = await importOne(core.ctx, path, values.term, operator))
        } catch (error) {
          if (!(error instanceof AppError)) throw error
          // The files before this one stay imported; this one changed nothing; the rest are not tried.
          console.error(error.message)
          const rest = positionals.slice(positionals.indexOf(path) + 1)
          if (rest.length) console.error(`未匯入其後的 ${rest.length} 個檔案：${rest.map((p) => basename(p)).join('、')}`)
          return 1
        }
        console.log(summaryLine(summary))
        if (coverage) console.log(`  ${coverage}`)
        if (summary.roundNotice) console.log(`  ${summary.roundNotice.text}`)
        for (const p of summary.skippedReasons) console.error(`  略過 ${summary.fileName} ${where(p)}：${p.reason}`)
        const unlisted = summary.skipped - new Set(summary.skippedReasons.map((p) => `${p.sheet}|${p.row}`)).size
        if (unlisted > 0) console.error(`  …另有 ${unlisted} 列略過，未逐列列出`)
      }
      return 0
    } finally {
      await core.close()
    }
  },
}
