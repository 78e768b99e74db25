import type { AppSettings } from '../../shared/contract/settings'
import {
  WORKBOOK_LABELS,
  WORKBOOKS_WITH_ITEM_FILTERS,
  WORKBOOKS_WITH_NATIONAL_ID,
  type ExportOptions,
} from '../../shared/contract/export'
import { formatDate, formatDateTime } from '../../shared/dates'
import {
  ITEM_STATUS_LABELS,
  KIND_LABELS,
  KINDS,
  SECTION_LABELS,
  type DateStyle,
  type Kind,
  type Section,
} from '../../shared/domain'
import type { CoreContext } from '../context'
import type { Round } from '../db/schema'
import { AppError } from '../errors'
import { getCurrentRound } from '../rounds/store'
import { getSettings, ownerOf } from '../settings/store'
import { nowStamp } from '../time'
import { compactDate } from './dates'
import { nationalIdNotice } from './privacy'

/** Everything a workbook builder needs to know about what to export and how. */
export interface ExportScope {
  options: ExportOptions
  settings: AppSettings
  round: Round
  /** The (kind, term) pairs of the round, limited to the kinds the chosen section fixes. */
  terms: { kind: Kind; term: string }[]
  /** Kinds in scope: the section's kinds (by the routing in 設定), or all. */
  kinds: Kind[]
  /** Report items are limited to the round's (kind, term) pairs, unless it has none. */
  itemRoundId: number | null
  dateStyle: DateStyle
  now: string
  operator: string | null
  /** '教務處註冊組' or '全部組別'. */
  sectionLabel: string
}

export async function resolveScope(ctx: CoreContext, requested: ExportOptions): Promise<ExportScope> {
  // Kind and status filter the item lists only; the other workbooks ignore them.
  const options = WORKBOOKS_WITH_ITEM_FILTERS.includes(requested.workbook)
    ? requested
    : { ...requested, kind: undefined, status: undefined }
  const settings = await getSettings(ctx.db, ownerOf(ctx))
  const round = await getCurrentRound(ctx.db)
  if (!round) throw new AppError('export-no-round', '找不到目前的收訖確認梯次，請先到「設定」建立梯次。')
  const roundTerms = await ctx.db
    .selectFrom('round_terms')
    .select(['kind', 'term'])
    .where('round_id', '=', round.id)
    .orderBy('term')
    .execute()
  const kinds = KINDS.filter((k) => !options.section || settings.routing[k] === options.section)
  const order = (k: Kind) => KINDS.indexOf(k)
  const terms = roundTerms
    .filter((t) => kinds.includes(t.kind))
    .sort((a, b) => order(a.kind) - order(b.kind) || a.term.localeCompare(b.term))
  return {
    options,
    settings,
    round,
    terms,
    kinds,
    itemRoundId: roundTerms.length ? round.id : null,
    dateStyle: options.dateStyle ?? settings.dateStyle,
    now: nowStamp(ctx.clock),
    operator: settings.operatorName,
    sectionLabel: options.section ? SECTION_LABELS[options.section] : '全部組別',
  }
}

/** The suggested file name, e.g. 回報工作清單_教務處註冊組_1141017.xlsx. */
export function suggestedFileName(options: ExportOptions, section: Section | undefined, now: string, style: DateStyle) {
  const scope = section ? SECTION_LABELS[section] : '全部組別'
  return `${WORKBOOK_LABELS[options.workbook].title}_${scope}_${compactDate(now, style)}.xlsx`
}

/** The lines under every sheet's title: what it covers, who made it, what it holds. */
export function scopeNotes(scope: ExportScope, extra: string[] = []): string[] {
  const { options, dateStyle } = scope
  const filters = [`範圍：${scope.sectionLabel}`]
  if (options.kind) filters.push(`項目：${KIND_LABELS[options.kind]}`)
  if (options.status) filters.push(`狀態：${ITEM_STATUS_LABELS[options.status]}`)
  const terms = scope.terms.map((t) => `${KIND_LABELS[t.kind]} ${t.term}`).join('、') || '（本梯次未設定學期）'
  const made = `製表：${scope.operator ?? '（未設定操作者）'}　${formatDateTime(scope.now, dateStyle)}`
  return [
    `${filters.join('　')}　梯次學期：${terms}`,
    ...extra,
    `${nationalIdNotice(WORKBOOKS_WITH_NATIONAL_ID.includes(options.workbook), options.includeFullNationalId)}　${made}`,
  ]
}

/** '114/10/22 08:00 至 114/10/23 10:30'. */
export function windowText(start: string, end: string, style: DateStyle): string {
  return `${formatDateTime(start, style)} 至 ${formatDateTime(end, style)}`
}

export const printedDate = (scope: ExportScope) => formatDate(scope.now, scope.dateStyle)
