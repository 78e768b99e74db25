import { z } from 'zod'
import { SECTIONS, type Section } from '../domain'
import { call } from './define'

// Reply templates (答覆範本): per section, edited in 設定, picked by number in the reply dialog.
// A template's placeholders are filled by core for each item it answers (core/replies/fill.ts):
// the dialog's preview, the reply saved on one item or many, and so the replies workbook.

/** The placeholders a reply may hold, each with what it becomes. */
export const PLACEHOLDERS = {
  姓名: '學生姓名',
  項目: '回報的類別與錯誤類型，例：修課紀錄（資料有少）',
  學期: '回報的學期，例：113 學年度第 2 學期',
  複查期間: '目前梯次的學生複查期間',
  處室: '負責組別，例：教務處註冊組',
} as const
export type Placeholder = keyof typeof PLACEHOLDERS

/** Number keys 1–9 pick one in the reply dialog. */
export const MAX_TEMPLATES = 9

export interface ReplyTemplate {
  title: string
  body: string
}
export type ReplyTemplates = Record<Section, ReplyTemplate[]>

export const replyTemplateSchema = z.object({
  title: z.string().trim().min(1, '範本需要名稱').max(20, '範本名稱最多 20 字'),
  body: z.string().trim().min(1, '範本內容不可空白').max(2000, '範本內容最多 2000 字'),
})

export interface ReplyPreview {
  itemId: number
  studentName: string
  text: string
}

export const repliesCalls = {
  /** Every section's templates (the shipped ones until a section saves its own). */
  'replies.templates': call(z.object({})).returns<ReplyTemplates>(),
  'replies.saveTemplates': call(
    z.object({ section: z.enum(SECTIONS), templates: z.array(replyTemplateSchema).max(MAX_TEMPLATES, `每組最多 ${MAX_TEMPLATES} 個範本`) }),
  ).returns<ReplyTemplates>(),
  /** A reply's text as each of these items' students would read it. */
  'replies.preview': call(
    z.object({ itemIds: z.array(z.number().int().positive()).min(1).max(5), text: z.string().trim().max(2000) }),
  ).returns<ReplyPreview[]>(),
}
