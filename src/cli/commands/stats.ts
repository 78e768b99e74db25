import { parseArgs } from 'node:util'
import type { ImportStats } from '../../shared/contract/import'
import {
  CONFIRMATION_STATE_LABELS, CONFIRMATION_STATES, ERROR_TYPE_LABELS, ERROR_TYPES, ITEM_STATUS_LABELS, ITEM_STATUSES, KIND_LABELS,
  KINDS, SECTION_LABELS, SECTIONS,
} from '../../shared/domain'
import { callCore, UsageError, type Command } from '../command'
import { openCore } from '../openCore'

function readable(s: ImportStats): string {
  const list = <K extends string>(keys: readonly K[], labels: Record<K, string>, counts: Record<string, number>) =>
    keys.map((k) => `${labels[k]} ${counts[k] ?? 0}`).join('、')
  const lines = [
    `學生：${s.students} 人`,
    `繳交紀錄：${list(KINDS, KIND_LABELS, s.records)}`,
    '收訖確認：',
    ...KINDS.map((k) => `  ${KIND_LABELS[k]}：${list(CONFIRMATION_STATES, CONFIRMATION_STATE_LABELS, s.confirmations[k] ?? {})}`),
    `回報項目：共 ${s.reportItems.total} 項`,
    `  依類別：${list(KINDS, KIND_LABELS, s.reportItems.byKind)}`,
    `  依組別：${list(SECTIONS, SECTION_LABELS, s.reportItems.bySection)}`,
    `  依錯誤別：${list(ERROR_TYPES, ERROR_TYPE_LABELS, s.reportItems.byType)}`,
    `  依狀態：${list(ITEM_STATUSES, ITEM_STATUS_LABELS, s.reportItems.byStatus)}`,
    `  已自最新名單消失：${s.reportItems.vanished} 項`,
  ]
  const classes = Object.entries(s.unconfirmedStudentsByClass)
  lines.push(classes.length ? `尚未確認的學生（依班級）：${classes.map(([c, n]) => `${c} 班 ${n} 人`).join('、')}` : '尚未確認的學生：無')
  return lines.join('\n')
}

export const statsCommand: Command = {
  name: 'stats',
  summary: '統計資料庫內容（加 --json 輸出 JSON）',
  usage: 'stats --db FILE [--json]',
  async run(args) {
    const { values } = parseArgs({ args, options: { db: { type: 'string' }, json: { type: 'boolean' } } })
    if (!values.db) throw new UsageError('請以 --db 指定資料庫檔案。')
    const core = await openCore(values.db)
    try {
      const stats = await callCore(core, 'import.stats', {})
      console.log(values.json ? JSON.stringify(stats) : readable(stats))
      return 0
    } finally {
      await core.close()
    }
  },
}
