import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import { coverageText, type ImportSummary, type RowProblem } from '../../shared/contract/import'
import { formatDate } from '../../shared/dates'
import { isTermOrYear } from '../../shared/terms'
import { FILE_KIND_LABELS } from '../../shared/domain'
import type { CoreContext } from '../../core/context'
import { AppError } from '../../core/errors'
import { filesOf } from '../../core/import/receipt/stage'
import { commitStaged, reanalyse, stageBytes, toStagedFile } from '../../core/import/stage'
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

/**
 * The summary of one file, and what part of the school it spoke for when not all of it — or of
 * each data file of a 收訖 zip, opened with the password of --zip-password-file if it asks for one.
 */
async function importOne(
  ctx: CoreContext, path: string, term: string | undefined, operator: string, zipPassword: string | null,
): Promise<{ summary: ImportSummary; coverage: string | null }[]> {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await readFile(path))
  } catch (error) {
    throw new AppError('file-open-failed', `無法開啟「${path}」：${(error as NodeJS.ErrnoException).code === 'ENOENT' ? '找不到這個檔案' : (error as Error).message}`)
  }
  const staged = await stageBytes(ctx, basename(path), bytes, 'cli', term ?? null)
  await ctx.jobs.wait(staged.jobId!).catch(() => undefined)
  if (staged.receipt?.asks && zipPassword) {
    await reanalyse(ctx, staged, { zipPassword }, operator)
    await ctx.jobs.wait(staged.jobId!).catch(() => undefined)
  }
  const { dateStyle } = await getSettings(ctx.db, ownerOf(ctx))
  const imported = []
  for (const file of filesOf(staged)) {
    await ctx.jobs.wait(file.jobId!).catch(() => undefined)
    const view = toStagedFile(file)
    if (view.status !== 'ready') {
      const hint = view.termNeeded ? '（命令列請以 --term 指定，例如 --term 1132）' : view.zipPassword === 'needed' ? '（命令列請以 --zip-password-file 指定存有密碼的檔案）' : ''
      throw new AppError('file-refused', `${view.message ?? `無法匯入「${view.fileName}」。`}${hint}`)
    }
    const coverage = view.coverage && coverageText(view.coverage, (date) => formatDate(date, dateStyle))
    // Headless, nobody can choose: rows with problems are skipped, and each is printed with its reason.
    imported.push({ summary: await ctx.jobs.wait<ImportSummary>(commitStaged(ctx, file, true, operator)), coverage })
  }
  return imported
}

/** The password a --zip-password-file holds: its first line (never the command line, which others can see). */
async function passwordIn(file: string): Promise<string> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new UsageError(`無法讀取密碼檔「${file}」：${(error as NodeJS.ErrnoException).code === 'ENOENT' ? '找不到這個檔案' : (error as Error).message}`)
  }
  const password = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0]
  if (!password) throw new UsageError(`密碼檔「${file}」的第一行是空的。`)
  return password
}

export const importCommand: Command = {
  name: 'import',
  summary: `依序匯入檔案（名冊、收訖確認結果、各類紀錄；xlsx、xls、ods、csv、網頁表格，或中央資料庫的收訖 .zip）；操作者為「設定」中的姓名，未設定時記為「${CLI_OPERATOR}」；--term 如同在程式中選擇學期，優先於檔名中的學期（檔案有學年度學期欄位時仍依欄位）；整學年的紀錄檔（如 113_學生自填多元表現名冊.xlsx）不需指定，或寫 --term 113；有密碼的收訖 .zip 以 --zip-password-file 指定存有密碼的檔案（第一行）`,
  usage: 'import --db FILE [--term 1132] [--zip-password-file FILE] PATH...',
  async run(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true, options: { db: { type: 'string' }, term: { type: 'string' }, 'zip-password-file': { type: 'string' } },
    })
    if (!values.db) throw new UsageError('請以 --db 指定資料庫檔案。')
    if (positionals.length === 0) throw new UsageError('請列出要匯入的檔案。\n用法：npm run -s cli -- import --db FILE [--term 1132] [--zip-password-file FILE] PATH...')
    if (values.term !== undefined && !isTermOrYear(values.term)) throw new UsageError(`--term 請寫成 1132 的形式（學年度加學期；整學年的檔案寫 113），而不是「${values.term}」。`)
    const zipPassword = values['zip-password-file'] === undefined ? null : await passwordIn(values['zip-password-file'])
    const core = await openCore(values.db)
    try {
      const operator = (await getSettings(core.ctx.db, ownerOf(core.ctx))).operatorName ?? CLI_OPERATOR
      for (const path of positionals) {
        let imported: { summary: ImportSummary; coverage: string | null }[]
        try {
          imported = await importOne(core.ctx, path, values.term, operator, zipPassword)
        } catch (error) {
          if (!(error instanceof AppError)) throw error
          // The files before this one stay imported; this one changed nothing; the rest are not tried.
          console.error(error.message)
          const rest = positionals.slice(positionals.indexOf(path) + 1)
          if (rest.length) console.error(`未匯入其後的 ${rest.length} 個檔案：${rest.map((p) => basename(p)).join('、')}`)
          return 1
        }
        for (const { summary, coverage } of imported) {
          console.log(summaryLine(summary))
          if (coverage) console.log(`  ${coverage}`)
          if (summary.roundNotice) console.log(`  ${summary.roundNotice.text}`)
          for (const p of summary.skippedReasons) console.error(`  略過 ${summary.fileName} ${where(p)}：${p.reason}`)
          const unlisted = summary.skipped - new Set(summary.skippedReasons.map((p) => `${p.sheet}|${p.row}`)).size
          if (unlisted > 0) console.error(`  …另有 ${unlisted} 列略過，未逐列列出`)
        }
      }
      return 0
    } finally {
      await core.close()
    }
  },
}
