import { parseArgs } from 'node:util'
import { openCore } from '../openCore'
import { callCore, UsageError, type Command } from '../command'

export const initCommand: Command = {
  name: 'init',
  summary: '建立（或升級）資料庫',
  usage: 'init --db FILE',
  async run(args) {
    const { values } = parseArgs({ args, options: { db: { type: 'string' } } })
    if (!values.db) throw new UsageError('請以 --db 指定資料庫檔案。')
    const core = await openCore(values.db)
    try {
      const { location, migrations } = await callCore(core, 'app.info', {})
      console.log(`資料庫已就緒：${location}（結構版本 ${migrations.at(-1)}）`)
      return 0
    } finally {
      await core.close()
    }
  },
}
