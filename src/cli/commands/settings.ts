import { parseArgs } from 'node:util'
import type { AppSettings } from '../../shared/contract/settings'
import { SECTION_LABELS, SECTIONS, type DateStyle, type Section } from '../../shared/domain'
import { callCore, UsageError, type Command } from '../command'
import { openCore } from '../openCore'

// The settings the app keeps in 設定 that headless use needs: who exports and imports (every
// change records the operator), the school named in every printed header, and the calendar.

const DATE_STYLE_NAMES = { roc: '民國', gregorian: '西元' } as const

function describe(s: AppSettings): string {
  return [
    `操作者：${s.operatorName ?? '（未設定）'}`,
    `處室組別：${s.section ? SECTION_LABELS[s.section] : '（未設定）'}`,
    `學校名稱：${s.schoolName || '（未設定，報表頁首不會有校名）'}`,
    `日期格式：${DATE_STYLE_NAMES[s.dateStyle]}`,
  ].join('\n')
}

/** A section given as its code or its zh-TW name (教務處註冊組). */
function sectionOf(text: string): Section {
  const found = SECTIONS.find((s) => s === text || SECTION_LABELS[s] === text)
  if (!found) throw new UsageError(`不認得的組別「${text}」。可用：${SECTIONS.map((s) => `${s}（${SECTION_LABELS[s]}）`).join('、')}`)
  return found
}

export const settingsCommand: Command = {
  name: 'settings',
  summary: '顯示或設定操作者、組別、學校名稱（報表頁首）與日期格式（roc 民國 / gregorian 西元）',
  usage: 'settings --db FILE [--operator 姓名] [--section 組別] [--school 校名] [--date-style roc|gregorian]',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        db: { type: 'string' },
        operator: { type: 'string' },
        section: { type: 'string' },
        school: { type: 'string' },
        'date-style': { type: 'string' },
      },
    })
    if (!values.db) throw new UsageError('請以 --db 指定資料庫檔案。')
    const style = values['date-style']
    if (style !== undefined && style !== 'roc' && style !== 'gregorian') {
      throw new UsageError(`--date-style 只能是 roc（民國）或 gregorian（西元），不是「${style}」。`)
    }
    const dateStyle: DateStyle | undefined = style
    const patch = {
      operatorName: values.operator,
      section: values.section === undefined ? undefined : sectionOf(values.section),
      schoolName: values.school,
      dateStyle,
    }
    const core = await openCore(values.db)
    try {
      const changing = Object.values(patch).some((v) => v !== undefined)
      const settings = changing ? await callCore(core, 'settings.update', patch) : await callCore(core, 'settings.get', {})
      console.log(`${changing ? '已儲存設定。\n' : ''}${describe(settings)}`)
      return 0
    } finally {
      await core.close()
    }
  },
}
