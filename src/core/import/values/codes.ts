import type { CadreLevel, CompetitionLevel, ConfirmationState, CreditCounted, ErrorType, Kind, PassState } from '../../../shared/domain'
import { bad, identifier, ok, type Cell, type Parsed } from './cells'

// Codes and words → the app's enums: the central database's files write 1 or 及格, 校級幹部 or 1.

/** Looks a code or a word up in a table; blank → null. */
function decode<T>(table: Record<string, T>, what: string) {
  return (cell: Cell): Parsed<T | null> => {
    const t = identifier(cell)?.replace(/\s+/g, '')
    if (!t) return ok(null)
    const value = table[t]
    return value === undefined ? bad(`不認得的${what}「${t}」`) : ok(value)
  }
}

const passCode = decode<PassState>(
  { '1': 'pass', '0': 'fail', '-1': 'none', 及格: 'pass', 不及格: 'fail', 無成績: 'none' },
  '及格註記',
)
/** 成績及格 / 補考及格; a blank cell (no make-up exam taken) means none. */
export const passState = (cell: Cell): Parsed<PassState | null> => {
  const p = passCode(cell)
  return p.ok && p.value === null ? ok('none') : p
}

export const creditCounted = decode<CreditCounted>(
  { '1': 'counted', '2': 'notCounted', '3': 'noGrading', 採計學分: 'counted', 不採計學分: 'notCounted', 不需評分: 'noGrading' },
  '採計學分註記',
)

export const cadreLevel = decode<CadreLevel>(
  {
    '1': 'school', '2': 'class', '3': 'club', '4': 'internship', '5': 'external', '9': 'other',
    校級幹部: 'school', 班級幹部: 'class', 社團幹部: 'club', 實習幹部: 'internship',
    校外自治組織團體: 'external', 其他幹部: 'other', 校級: 'school', 班級: 'class', 社團: 'club',
    實習: 'internship', 其他: 'other',
  },
  '幹部等級',
)

export const competitionLevel = decode<CompetitionLevel>(
  {
    '1': 'school', '2': 'city', '3': 'national', '4': 'international', 校級: 'school', 縣市級: 'city',
    全國: 'national', 全國級: 'national', 國際: 'international', 國際級: 'international',
  },
  '競賽等級',
)

export const kind = decode<Kind>(
  {
    修課紀錄: 'course', 課程學習成果: 'outcome', 學習成果: 'outcome', 多元表現: 'performance',
    幹部經歷: 'cadre', 校內幹部經歷: 'cadre',
  },
  '項目',
)

export const errorType = decode<ErrorType>(
  { 資料有多: 'extra', 資料有少: 'missing', 資料有誤: 'wrong', 有多: 'extra', 有少: 'missing', 有誤: 'wrong' },
  '錯誤別',
)

const STATES: Record<string, ConfirmationState> = {
  未確認: 'unconfirmed', 空白: 'unconfirmed', 資料正確無誤: 'correct', 已確認: 'correct', 正確: 'correct',
  資料錯誤回報: 'reported', 已回報: 'reported', 錯誤回報: 'reported',
}
/** 確認狀態: blank means the student has not confirmed. */
export function confirmationState(cell: Cell): Parsed<ConfirmationState> {
  const t = identifier(cell)?.replace(/\s+/g, '')
  if (!t) return ok('unconfirmed')
  const state = STATES[t]
  return state ? ok(state) : bad(`不認得的確認狀態「${t}」`)
}

/** Grade from the class: '201' → 2; '高二3' / '二年3班' → 2. */
export function gradeOfClass(className: string | null): number | null {
  if (!className) return null
  const digits = /^([1-6])\d{2}$/.exec(className)
  if (digits) return Number(digits[1])
  const word = /^(?:高)?([一二三])(?:年|\d|$)/.exec(className)
  return word ? ({ 一: 1, 二: 2, 三: 3 } as Record<string, number>)[word[1]] : null
}
