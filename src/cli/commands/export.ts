import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { exportOptionsSchema, WORKBOOK_LABELS, WORKBOOKS, type ExportResult } from '../../shared/contract/export'
import { callCore, UsageError, type Command } from '../command'
import { openCore } from '../openCore'

export const exportCommand: Command = {
  name: 'export',
  summary: '匯出 Excel 檔（回報工作清單、進度摘要、未確認學生名單、再確認通知、回報答覆一覽）',
  usage:
    'export <worklist|summary|unconfirmed|recheck|replies> --db FILE --out FILE.xlsx ' +
    '[--section registration|activities|studentAffairs] [--kind K] [--status S] [--gregorian] [--include-full-national-id]',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        out: { type: 'string' },
        section: { type: 'string' },
        kind: { type: 'string' },
        status: { type: 'string' },
        gregorian: { type: 'boolean', default: false },
        'include-full-national-id': { type: 'boolean', default: false },
      },
    })
    const [workbook, ...extra] = positionals
    if (!workbook || !(WORKBOOKS as readonly string[]).includes(workbook)) {
      const list = WORKBOOKS.map((w) => `${w}（${WORKBOOK_LABELS[w].title}）`).join('、')
      throw new UsageError(`${workbook ? `沒有「${workbook}」這種匯出檔。` : '請指定要匯出的檔案種類。'}可用：${list}`)
    }
    if (extra.length) throw new UsageError(`多餘的參數：${extra.join(' ')}`)
    if (!values.db) throw new UsageError('請以 --db 指定資料庫檔案。')
    if (!values.out) throw new UsageError('請以 --out 指定要儲存的 .xlsx 檔案。')
    if (!existsSync(values.db)) throw new UsageError(`找不到資料庫檔案：${resolve(values.db)}`)
    const parsed = exportOptionsSchema.safeParse({
      workbook,
      section: values.section,
      kind: values.kind,
      status: values.status,
      dateStyle: values.gregorian ? 'gregorian' : undefined,
      includeFullNationalId: values['include-full-national-id'],
    })
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new UsageError(`選項 --${String(issue.path[0])} 的值不正確：${issue.message}`)
    }
    const core = await openCore(values.db, { savePath: resolve(values.out) })
    try {
      // As the window does it: export.run asks the host where to save (here: --out), writes as a job.
      const started = await callCore(core, 'export.run', parsed.data)
      if (started.state !== 'started') throw new UsageError('未匯出。')
      const job = await callCore(core, 'jobs.wait', { id: started.jobId })
      if (job.state !== 'done') throw new UsageError(job.state === 'failed' ? job.error.message : '匯出已取消。')
      const result = job.result as ExportResult
      console.log(`已匯出：${result.path}（${result.rows} 列資料，工作表：${result.sheets.join('、')}）`)
      return 0
    } finally {
      await core.close()
    }
  },
}
