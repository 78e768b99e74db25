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

/** One file through core's door (import.file): the window's size cap, analysis and rules. */
async function importOne(core: Core, path: string, term: string | undefined): Promise<FileImported> {
  try {
    return await callCore(core, 'import.file', { path: resolve(path), term })
  } catch (error) {
    if (error instanceof UsageError && error.code === 'term-needed') throw new UsageError(`${error.message}（命令列請以 --term 指定，例如 --term 1132）`)
    throw error
  }
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
      for (const path of positionals) {
        let summary: ImportSummary
        let coverage: string | null
        try {
          ;({ summary, coverage } = await importOne(core, path, values.term))
        } catch (error) {
          if (!(error instanceof UsageError)) throw error
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
