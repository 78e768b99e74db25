import { readFile } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { FileImported, ImportSummary, RowProblem } from '../../shared/contract/import'
import { isTermOrYear } from '../../shared/terms'
import { FILE_KIND_LABELS } from '../../shared/domain'
import type { Core } from '../../core'
import { callCore, UsageError, type Command } from '../command'
import { CLI_OPERATOR, openCore } from '../openCore'

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

const HINTS: Record<string, string> = {
  'term-needed': '（命令列請以 --term 指定，例如 --term 1132）',
  'zip-password-needed': '（命令列請以 --zip-password-file 指定存有密碼的檔案）',
}

/**
 * One file through core's door (import.file): the window's size cap, analysis and rules; a 收訖
 * zip gives a summary per data file.
 */
async function importOne(core: Core, path: string, term: string | undefined, zipPassword: string | undefined): Promise<FileImported[]> {
  try {
    return await callCore(core, 'import.file', { path: resolve(path), term, zipPassword })
  } catch (error) {
    const hint = error instanceof UsageError && error.code ? HINTS[error.code] : undefined
    throw hint ? new UsageError(`${(error as Error).message}${hint}`) : error
  }
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
    const zipPassword = values['zip-password-file'] === undefined ? undefined : await passwordIn(values['zip-password-file'])
    const core = await openCore(values.db)
    try {
      for (const path of positionals) {
        let imported: FileImported[]
        try {
          imported = await importOne(core, path, values.term, zipPassword)
        } catch (error) {
          if (!(error instanceof UsageError)) throw error
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
