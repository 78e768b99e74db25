import type { ReplyTemplate, ReplyTemplates } from '../../shared/contract/replies'
import { SECTIONS, type Section } from '../../shared/domain'
import type { Db } from '../db/store'
import { checkPlaceholders } from './fill'

// Each section's reply templates are the school's (one row of `settings` per section, so two
// sections saving at once never overwrite each other's). Until a section saves its own, it has
// the shipped ones, worded from the handout (shared/seed): corrected and resubmitted, re-check
// in the window; the data is correct; the student's own original selection cannot be changed.

const keyOf = (section: Section) => `replyTemplates/${section}`

export const SHIPPED_TEMPLATES: readonly ReplyTemplate[] = [
  {
    title: '已更正並重新提交',
    body: '{姓名}同學您好：您回報的{學期}{項目}，{處室}已更正並重新提交至中央資料庫。' +
      '請於{複查期間}登入學習歷程檔案系統，再次確認修改後的資料；如仍有疑義，請於複查期間內向{處室}反映。',
  },
  {
    title: '資料正確',
    body: '{姓名}同學您好：您回報的{學期}{項目}，經{處室}查核，提交至中央資料庫的資料與學校紀錄相符，' +
      '資料正確，不需修正。如仍有疑義，請於{複查期間}向{處室}反映。',
  },
  {
    title: '原勾選資料無法更改',
    body: '{姓名}同學您好：您回報的{學期}{項目}，經{處室}查核，提交的資料與您原本勾選提交的資料相同。' +
      '依規定，若原本勾選提交的資料就有錯誤或不完整，無法經由收訖明細錯誤回報處理，敬請見諒。',
  },
]

export async function replyTemplates(db: Db): Promise<ReplyTemplates> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', SECTIONS.map(keyOf)).execute()
  const saved = new Map(rows.map((r) => [r.key, JSON.parse(r.value) as ReplyTemplate[]]))
  return Object.fromEntries(SECTIONS.map((s) => [s, saved.get(keyOf(s)) ?? [...SHIPPED_TEMPLATES]])) as ReplyTemplates
}

/** Replaces one section's templates (refusing a placeholder that does not exist). */
export async function saveReplyTemplates(db: Db, section: Section, templates: ReplyTemplate[]): Promise<void> {
  for (const t of templates) checkPlaceholders(t.body, `範本「${t.title}」`)
  const value = JSON.stringify(templates)
  await db
    .insertInto('settings')
    .values({ key: keyOf(section), value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute()
}
