import { z } from 'zod'
import { foldWidth, parseDateTimeInput } from '../dateTimeInput'
import { DEADLINE_RULES, DEFAULT_DEADLINE_RULE, type DeadlineRule } from '../deadlines'
import { KINDS, type Kind } from '../domain'
import { FIRST_SCHOOL_YEAR, isTermOrYear, LAST_SCHOOL_YEAR } from '../terms'
import { call } from './define'

/**
 * Where a round stands at a given time. Windows are [start, end): at the stroke of the
 * confirm end the confirm phase is over. The gaps between windows are phases of their own
 * so that a countdown always has something to count to.
 */
export const PHASES = ['before', 'confirm', 'afterConfirm', 'fix', 'afterFix', 'recheck', 'disputes', 'after'] as const
export type Phase = (typeof PHASES)[number]
export const PHASE_LABELS: Record<Phase, string> = {
  before: '確認尚未開始',
  confirm: '學生確認與錯誤回報',
  afterConfirm: '確認已截止，待查核',
  fix: '查核、修正與重新提交',
  afterFix: '等待學生複查',
  recheck: '學生複查',
  disputes: '疑義反映',
  after: '本梯次已結束',
}
/** What the countdown counts to, per phase. */
export const PHASE_END_LABELS: Record<Phase, string> = {
  before: '距確認開始',
  confirm: '距確認截止',
  afterConfirm: '距查核開始',
  fix: '距修正截止',
  afterFix: '距複查開始',
  recheck: '距複查截止',
  disputes: '距疑義反映截止',
  after: '',
}

export interface PhaseSpan {
  phase: Phase
  /** Null for 'before' (open start). */
  start: string | null
  /** Null for 'after' (open end). */
  end: string | null
}

export interface RoundTerm {
  kind: Kind
  term: string
}

export interface RoundView {
  id: number
  name: string
  schoolYear: number
  confirmStart: string
  confirmEnd: string
  fixStart: string
  fixEnd: string
  recheckStart: string
  recheckEnd: string
  disputeEnd: string
  investigationDays: number
  /** How an item's investigation deadline is set (shared/deadlines.ts). */
  deadlineRule: DeadlineRule
  isCurrent: boolean
  terms: RoundTerm[]
  updatedAt: string
  updatedBy: string | null
}

export interface CurrentRound {
  round: RoundView
  /** Core's clock, so that the renderer counts down from the same "now". */
  now: string
  phase: PhaseSpan
  schedule: PhaseSpan[]
}

/** A round as the form fills it in before it is saved. */
export type RoundDraft = Omit<RoundView, 'id' | 'isCurrent' | 'updatedAt' | 'updatedBy'>

export const WINDOW_FIELDS = [
  'confirmStart', 'confirmEnd', 'fixStart', 'fixEnd', 'recheckStart', 'recheckEnd', 'disputeEnd',
] as const
export type WindowField = (typeof WINDOW_FIELDS)[number]
export const WINDOW_LABELS: Record<WindowField, string> = {
  confirmStart: '確認開始',
  confirmEnd: '確認截止',
  fixStart: '修正開始',
  fixEnd: '修正截止',
  recheckStart: '複查開始',
  recheckEnd: '複查截止',
  disputeEnd: '疑義反映截止',
}

const dateTime = (field: WindowField) =>
  z.string().transform((text, ctx) => {
    const ts = parseDateTimeInput(text)
    if (ts) return ts
    ctx.addIssue({ code: 'custom', message: `「${WINDOW_LABELS[field]}」請寫成 114/10/07 08:00 的格式` })
    return z.NEVER
  })

/** '1132' = 113 學年度第 2 學期; '113' = the whole school year (annual records). */
const term = z.string().transform((text, ctx) => {
  const folded = foldWidth(text)
  if (isTermOrYear(folded)) return folded
  ctx.addIssue({ code: 'custom', message: `「${text}」不是學期代碼，請寫成 1132（113 學年度第 2 學期）或 113（整學年）` })
  return z.NEVER
})

const ROC_YEAR = '學年度須為民國年，例如 114'

const CANONICAL = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/

/** Each window's end after its start, and the windows in the order of the calendar. */
const ORDER: [WindowField, WindowField, 'after' | 'notBefore'][] = [
  ['confirmStart', 'confirmEnd', 'after'],
  ['confirmEnd', 'fixStart', 'notBefore'],
  ['fixStart', 'fixEnd', 'after'],
  ['fixEnd', 'recheckStart', 'notBefore'],
  ['recheckStart', 'recheckEnd', 'after'],
  ['recheckEnd', 'disputeEnd', 'notBefore'],
]

export const roundSaveSchema = z
  .object({
    /** Absent for a new round. */
    id: z.number().int().positive().optional(),
    name: z.string().trim().min(1, '請填寫梯次名稱').max(60, '梯次名稱最多 60 字'),
    schoolYear: z.number({ message: '請填寫學年度' }).int('學年度須為整數').min(FIRST_SCHOOL_YEAR, ROC_YEAR).max(LAST_SCHOOL_YEAR, ROC_YEAR),
    terms: z
      .array(z.object({ kind: z.enum(KINDS), term }))
      .min(1, '至少要選一個確認的學期'),
    confirmStart: dateTime('confirmStart'),
    confirmEnd: dateTime('confirmEnd'),
    fixStart: dateTime('fixStart'),
    fixEnd: dateTime('fixEnd'),
    recheckStart: dateTime('recheckStart'),
    recheckEnd: dateTime('recheckEnd'),
    disputeEnd: dateTime('disputeEnd'),
    investigationDays: z.number({ message: '請填寫調查天數' }).int('調查天數須為整數').min(1, '調查天數至少 1 天').max(30, '調查天數最多 30 天'),
    deadlineRule: z.enum(DEADLINE_RULES, { message: '請選擇調查期限的算法' }).default(DEFAULT_DEADLINE_RULE),
  })
  .superRefine(
    (round, ctx) => {
      for (const [earlier, later, rule] of ORDER) {
        const [a, b] = [round[earlier], round[later]]
        // A window that did not parse has its own message already; compare only the ones that did.
        if (!CANONICAL.test(String(a)) || !CANONICAL.test(String(b))) continue
        if (rule === 'after' ? b > a : b >= a) continue
        const relation = rule === 'after' ? '須晚於' : '不可早於'
        ctx.addIssue({ code: 'custom', path: [later], message: `「${WINDOW_LABELS[later]}」${relation}「${WINDOW_LABELS[earlier]}」` })
      }
    },
    // Also when another field (a term, the name) is wrong: the form shows every problem at once.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )

export type RoundSaveInput = z.input<typeof roundSaveSchema>

export const roundCalls = {
  'rounds.list': call(z.object({})).returns<RoundView[]>(),
  'rounds.current': call(z.object({})).returns<CurrentRound>(),
  /** The seed's timeline and terms shifted to a school year, to pre-fill a new round. */
  'rounds.defaults': call(z.object({ schoolYear: z.number().int().min(FIRST_SCHOOL_YEAR).max(LAST_SCHOOL_YEAR) })).returns<RoundDraft>(),
  'rounds.save': call(roundSaveSchema).returns<RoundView>(),
  'rounds.setCurrent': call(z.object({ id: z.number().int().positive() })).returns<RoundView>(),
}
