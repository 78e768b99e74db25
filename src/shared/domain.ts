// Domain vocabulary shared by every layer: enums in English, labels in zh-TW.

export const KINDS = ['course', 'outcome', 'performance', 'cadre'] as const
export type Kind = (typeof KINDS)[number]
export const KIND_LABELS: Record<Kind, string> = {
  course: '修課紀錄',
  outcome: '課程學習成果',
  performance: '多元表現',
  cadre: '幹部經歷',
}

export const SECTIONS = ['registration', 'activities', 'studentAffairs'] as const
export type Section = (typeof SECTIONS)[number]
export const SECTION_LABELS: Record<Section, string> = {
  registration: '教務處註冊組',
  activities: '學務處社團活動組',
  studentAffairs: '學務處訓育組',
}

/** Which section fixes which kind; a school may change it in 設定. */
export const DEFAULT_ROUTING: Record<Kind, Section> = {
  course: 'registration',
  outcome: 'registration',
  performance: 'activities',
  cadre: 'studentAffairs',
}

export const ERROR_TYPES = ['extra', 'missing', 'wrong'] as const
export type ErrorType = (typeof ERROR_TYPES)[number]
export const ERROR_TYPE_LABELS: Record<ErrorType, string> = {
  extra: '資料有多',
  missing: '資料有少',
  wrong: '資料有誤',
}

export const CONFIRMATION_STATES = ['unconfirmed', 'correct', 'reported'] as const
export type ConfirmationState = (typeof CONFIRMATION_STATES)[number]
export const CONFIRMATION_STATE_LABELS: Record<ConfirmationState, string> = {
  unconfirmed: '未確認',
  correct: '資料正確無誤',
  reported: '資料錯誤回報',
}

/** The workflow of one report item (DESIGN.md §2); transitions live in core/triage. */
export const ITEM_STATUSES = [
  'new',
  'checking',
  'corrected',
  'resubmitted',
  'closed',
  'disputed',
  'noChange',
] as const
export type ItemStatus = (typeof ITEM_STATUSES)[number]
export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  new: '新回報',
  checking: '查核中',
  corrected: '已修正待提交',
  resubmitted: '已重新提交',
  closed: '已結案',
  disputed: '仍有疑義',
  noChange: '免修正',
}

/**
 * One colour per status, used by the UI and the Excel exports alike.
 * `fill` is a light background, `ink` the matching text/border colour.
 */
export const ITEM_STATUS_COLORS: Record<ItemStatus, { fill: string; ink: string }> = {
  new: { fill: '#FDECEA', ink: '#B3261E' },
  checking: { fill: '#FFF4D6', ink: '#8A5A00' },
  corrected: { fill: '#E3F0FF', ink: '#1B5FAA' },
  resubmitted: { fill: '#E6F4EA', ink: '#1E7A3C' },
  closed: { fill: '#EEEEEE', ink: '#555555' },
  disputed: { fill: '#F6E6FA', ink: '#7B2C8F' },
  noChange: { fill: '#E8F6F6', ink: '#23706F' },
}

/** How a report entered by hand reached the section (an imported item has none). */
export const CHANNELS = ['counter', 'phone', 'other'] as const
export type Channel = (typeof CHANNELS)[number]
export const CHANNEL_LABELS: Record<Channel, string> = {
  counter: '臨櫃',
  phone: '電話',
  other: '其他',
}

export const RESOLUTIONS = ['dataCorrect', 'studentSelection', 'duplicate', 'other'] as const
export type Resolution = (typeof RESOLUTIONS)[number]
export const RESOLUTION_LABELS: Record<Resolution, string> = {
  dataCorrect: '資料正確',
  studentSelection: '學生原勾選資料（無法於此修正）',
  duplicate: '重複回報',
  other: '其他',
}

/** What an imported file holds. */
export const FILE_KINDS = ['roster', 'confirmation', ...KINDS] as const
export type FileKind = (typeof FILE_KINDS)[number]
export const FILE_KIND_LABELS: Record<FileKind, string> = {
  roster: '學生名冊',
  confirmation: '收訖確認結果',
  ...KIND_LABELS,
}

// What the central database's record files say about a row (FORMATS.md): how the db stores it,
// how every screen, preview and hint writes it.

/** 成績及格 / 補考及格. */
export const PASS_STATES = ['pass', 'fail', 'none'] as const
export type PassState = (typeof PASS_STATES)[number]
export const PASS_STATE_LABELS: Record<PassState, string> = { pass: '及格', fail: '不及格', none: '無成績' }

/** 是否採計學分. */
export const CREDIT_COUNTINGS = ['counted', 'notCounted', 'noGrading'] as const
export type CreditCounted = (typeof CREDIT_COUNTINGS)[number]
export const CREDIT_COUNTED_LABELS: Record<CreditCounted, string> = {
  counted: '採計學分',
  notCounted: '不採計學分',
  noGrading: '不需評分',
}

/** 幹部等級. */
export const CADRE_LEVELS = ['school', 'class', 'club', 'internship', 'external', 'other'] as const
export type CadreLevel = (typeof CADRE_LEVELS)[number]
export const CADRE_LEVEL_LABELS: Record<CadreLevel, string> = {
  school: '校級幹部',
  class: '班級幹部',
  club: '社團幹部',
  internship: '實習幹部',
  external: '校外自治組織團體',
  other: '其他幹部',
}

/** 競賽等級 of a multiple performance (stored as its label, in the row's fields). */
export const COMPETITION_LEVELS = ['school', 'city', 'national', 'international'] as const
export type CompetitionLevel = (typeof COMPETITION_LEVELS)[number]
export const COMPETITION_LEVEL_LABELS: Record<CompetitionLevel, string> = {
  school: '校級',
  city: '縣市級',
  national: '全國',
  international: '國際',
}

export const DATE_STYLES = ['roc', 'gregorian'] as const
export type DateStyle = (typeof DATE_STYLES)[number]

/** A confirmation's state, in colours that read at a glance in the student page's grid. */
export const CONFIRMATION_STATE_COLORS: Record<ConfirmationState, { fill: string; ink: string }> = {
  unconfirmed: { fill: '#FFF4D6', ink: '#8A5A00' },
  correct: { fill: '#E6F4EA', ink: '#1E7A3C' },
  reported: { fill: '#FDECEA', ink: '#B3261E' },
}

/**
 * Where an item awaiting investigation stands against its deadline, like a help desk's SLA.
 * One colour each, used by every list that shows a deadline (dashboard, student page, queue).
 */
export const DEADLINE_STATES = ['calm', 'dueToday', 'overdue'] as const
export type DeadlineState = (typeof DEADLINE_STATES)[number]
export const DEADLINE_STATE_LABELS: Record<DeadlineState, string> = {
  calm: '期限內',
  dueToday: '今日到期',
  overdue: '已逾期',
}
export const DEADLINE_STATE_COLORS: Record<DeadlineState, { fill: string; ink: string }> = {
  calm: { fill: '#EEF3F8', ink: '#3D5A75' },
  dueToday: { fill: '#FFF1CC', ink: '#8A5A00' },
  overdue: { fill: '#FDE2DF', ink: '#A1221A' },
}

/** The statuses whose items still await investigation: only these have a deadline to meet. */
export const AWAITING_INVESTIGATION: readonly ItemStatus[] = ['new', 'checking']

/**
 * What an imported table is. The confirmation results come in two shapes: one row per
 * student × kind × term (wide) or one row per error type (the problem list, long).
 */
export const IMPORT_SHAPES = [
  'roster',
  'confirmationWide',
  'confirmationLong',
  'course',
  'outcome',
  'performance',
  'cadre',
] as const
export type ImportShape = (typeof IMPORT_SHAPES)[number]
export const IMPORT_SHAPE_LABELS: Record<ImportShape, string> = {
  roster: '學生名冊',
  confirmationWide: '收訖確認結果',
  confirmationLong: '錯誤回報清單',
  course: '修課紀錄',
  outcome: '課程學習成果',
  performance: '多元表現',
  cadre: '幹部經歷',
}
