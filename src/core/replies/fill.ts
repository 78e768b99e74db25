import { PLACEHOLDERS, type Placeholder } from '../../shared/contract/replies'
import { formatDateTime } from '../../shared/dates'
import {
  ERROR_TYPE_LABELS,
  KIND_LABELS,
  SECTION_LABELS,
  type DateStyle,
  type ErrorType,
  type Kind,
  type Section,
} from '../../shared/domain'
import { termName } from '../../shared/terms'
import type { Round } from '../db/schema'
import type { Db } from '../db/store'
import { AppError } from '../errors'
import { getCurrentRound } from '../rounds/store'
import { getSettings, type SettingsOwner } from '../settings/store'

// A reply's placeholders ({姓名}, {項目}, {學期}, {複查期間}, {處室}) filled for one item: the
// same code for the dialog's preview and for every item a reply is saved on, so the text stored
// — what the student is told, and what the replies workbook lists — is the one previewed.

/** What a reply may say about its item. */
export interface ReplyFacts {
  student_name: string
  kind: Kind
  term: string
  error_type: ErrorType
  section: Section
}

/** `{姓名}`, also typed with full-width braces by an input method (｛姓名｝). */
const TOKEN = /[{｛]([^{}｛｝\s]{1,10})[}｝]/g

const isPlaceholder = (name: string): name is Placeholder => Object.hasOwn(PLACEHOLDERS, name)

const known = () => Object.keys(PLACEHOLDERS).map((p) => `{${p}}`).join('、')

/** Refuses a text naming a placeholder that does not exist ({姓明}): it would reach the student as typed. */
export function checkPlaceholders(text: string, where: string): void {
  const unknown = [...text.matchAll(TOKEN)].map((m) => m[1]).filter((name) => !isPlaceholder(name))
  if (unknown.length === 0) return
  throw new AppError(
    'unknown-placeholder',
    `${where}中的 ${[...new Set(unknown)].map((u) => `{${u}}`).join('、')} 不是可用的欄位；可用的有 ${known()}。`,
  )
}

function valueOf(name: Placeholder, item: ReplyFacts, round: Round | undefined, dateStyle: DateStyle): string {
  switch (name) {
    case '姓名': return item.student_name
    case '項目': return `${KIND_LABELS[item.kind]}（${ERROR_TYPE_LABELS[item.error_type]}）`
    case '學期': return termName(item.term)
    case '複查期間':
      return round
        ? `${formatDateTime(round.recheck_start, dateStyle)} 至 ${formatDateTime(round.recheck_end, dateStyle)}`
        : '（尚未設定複查期間）'
    case '處室': return SECTION_LABELS[item.section]
  }
}

/**
 * How a reply text reads for each item: checked once, then filled per item with the current
 * round's re-check window in this PC's calendar.
 */
export async function replyFiller(db: Db, owner: SettingsOwner, text: string): Promise<(item: ReplyFacts) => string> {
  checkPlaceholders(text, '答覆')
  if (text.search(TOKEN) < 0) return () => text
  const [round, { dateStyle }] = await Promise.all([getCurrentRound(db), getSettings(db, owner)])
  return (item) => text.replace(TOKEN, (token, name: string) => (isPlaceholder(name) ? valueOf(name, item, round, dateStyle) : token))
}
