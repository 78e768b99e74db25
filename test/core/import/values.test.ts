import { describe, expect, it } from 'vitest'
import { identifier, nationalId, score, text } from '../../../src/core/import/values/cells'
import { cadreLevel, confirmationState, creditCounted, errorType, gradeOfClass, kind, passState } from '../../../src/core/import/values/codes'
import { date, dateTime } from '../../../src/core/import/values/dates'
import { schoolYearFromFileName, term, termFromFileName, termOf } from '../../../src/core/import/values/terms'

const value = <T>(p: { ok: true; value: T } | { ok: false; reason: string }) => (p.ok ? p.value : `!${p.reason}`)

describe('cell values', () => {
  it('keep identifiers as text with their leading zeros, trimmed (incl. U+3000) and folded to half-width', () => {
    expect(identifier(110123)).toBe('110123')
    expect(identifier(' 0123\u3000')).toBe('0123')
    expect(identifier('０５')).toBe('05')
    expect(nationalId('ａ１２３４５６７８９')).toBe('A123456789')
    expect(identifier('   ')).toBeNull()
    // A CSV that forced Excel to keep the zero wrote the formula ="012345": the text inside.
    expect(identifier('="012345"')).toBe('012345')
    expect(nationalId('="a123456789"')).toBe('A123456789')
    expect(text('\u3000多了國文 ')).toBe('多了國文')
  })

  it('read ROC and Gregorian dates, Excel serials and date cells', () => {
    for (const written of ['114/10/07', '1141007', '114.10.07', '114年10月7日', '2025/10/07', '2025-10-07', 45937, '45937', 1141007]) {
      expect(value(date(written)), String(written)).toBe('2025-10-07')
    }
    expect(value(date(new Date(Date.UTC(2025, 9, 7))))).toBe('2025-10-07')
    expect(value(date('114/02/30'))).toMatch(/^!「114\/02\/30」不是日期/)
    expect(value(date('下週一'))).toMatch(/不是日期/)
    expect(value(date(''))).toBeNull()
  })

  it('read times with 上午/下午 as Taipei wall-clock text', () => {
    expect(value(dateTime('114/10/07 下午 03:20:05'))).toBe('2025-10-07 15:20:05')
    expect(value(dateTime('2025/10/7 上午 12:05'))).toBe('2025-10-07 00:05:00')
    expect(value(dateTime('114/10/07 08:00 PM'))).toBe('2025-10-07 20:00:00')
    expect(value(dateTime('2025-10-07 17:00:00'))).toBe('2025-10-07 17:00:00')
    expect(value(dateTime(45937.5))).toBe('2025-10-07 12:00:00')
    expect(value(dateTime(new Date(Date.UTC(2025, 9, 7, 9, 30))))).toBe('2025-10-07 09:30:00')
    expect(value(dateTime('114/10/07'))).toBe('2025-10-07')
    expect(value(dateTime('114/10/07 25:00'))).toMatch(/不是日期/)
  })

  it('read an Excel serial written as text like the same number, time from the fraction, in the same range', () => {
    expect(value(dateTime('45937.5'))).toBe('2025-10-07 12:00:00')
    expect(value(dateTime(' 45937.75 '))).toBe('2025-10-07 18:00:00')
    expect(value(date('45937.5'))).toBe('2025-10-07')
    expect(value(dateTime('45937'))).toBe(value(dateTime(45937)))
    // Outside the range the numeric path reads (before 1900-03-01), text is refused as the number is.
    expect(value(dateTime('59.5'))).toMatch(/不是日期/)
    expect(value(dateTime(59.5))).toMatch(/不是日期/)
    expect(value(dateTime('45937.5.1'))).toMatch(/不是日期/)
  })

  it('accept codes and decoded text as one meaning', () => {
    expect([1, '0', '-1', '及格', '不及格', '無成績', ''].map((v) => value(passState(v)))).toEqual(['pass', 'fail', 'none', 'pass', 'fail', 'none', 'none'])
    expect([1, 2, 3, '採計學分', '不採計學分', '不需評分'].map((v) => value(creditCounted(v)))).toEqual(['counted', 'notCounted', 'noGrading', 'counted', 'notCounted', 'noGrading'])
    expect([1, 2, 3, 4, 5, 9, '社團幹部', '校外自治組織團體'].map((v) => value(cadreLevel(v)))).toEqual(['school', 'class', 'club', 'internship', 'external', 'other', 'club', 'external'])
    expect(['修課紀錄', '學習成果', '課程學習成果', '多元表現', '校內幹部經歷', '幹部經歷'].map((v) => value(kind(v)))).toEqual(['course', 'outcome', 'outcome', 'performance', 'cadre', 'cadre'])
    expect(['資料有多', '資料有少', '資料有誤'].map((v) => value(errorType(v)))).toEqual(['extra', 'missing', 'wrong'])
    expect(['', '未確認', '空白', '已確認', '資料正確無誤', '正確', '資料錯誤回報', '已回報', '錯誤回報'].map((v) => value(confirmationState(v))))
      .toEqual(['unconfirmed', 'unconfirmed', 'unconfirmed', 'correct', 'correct', 'correct', 'reported', 'reported', 'reported'])
    expect(value(passState('通過'))).toBe('!不認得的及格註記「通過」')
    expect(value(confirmationState('不知道'))).toBe('!不認得的確認狀態「不知道」')
  })

  it('treat -1 and 無成績 as no score, and refuse words where a number belongs', () => {
    expect([-1, '-1', '無成績', '', 85, '８５.５'].map((v) => value(score(v)))).toEqual([null, null, null, null, 85, 85.5])
    expect(value(score('八十'))).toBe('!「八十」不是數字')
  })

  it('read terms from a column, two columns or a file name', () => {
    expect(['1132', 1132, '113-2', '113學年度第2學期', '113下', '１１３２'].map((v) => value(term(v)))).toEqual(Array(6).fill('1132'))
    expect(value(termOf(113, 2))).toBe('1132')
    expect(value(termOf('113', '第1學期'))).toBe('1131')
    expect(value(termOf('113', '3'))).toMatch(/不是學期/)
    expect(termFromFileName('113_2_修課紀錄.xlsx')).toBe('1132')
    expect(termFromFileName('1131多元表現.xlsx')).toBe('1131')
    expect(termFromFileName('113學年度第2學期幹部.csv')).toBe('1132')
    expect(termFromFileName('學生名冊1141007.xlsx')).toBeNull()
    expect(termFromFileName('roster.xlsx')).toBeNull()
  })

  it('read a school year alone where a whole year\'s file gives no term: a file name, a 學年度學期 cell', () => {
    expect(schoolYearFromFileName('113_學生自填多元表現名冊.xlsx')).toBe('113')
    expect(schoolYearFromFileName('113學年度多元表現.xlsx')).toBe('113')
    expect(schoolYearFromFileName('多元表現（113學年度）.xlsx')).toBe('113')
    // A term in the name is a term, not a year; a name without a year has none.
    expect(schoolYearFromFileName('113_2_修課紀錄.xlsx')).toBeNull()
    expect(schoolYearFromFileName('113學年度第2學期幹部.csv')).toBeNull()
    expect(schoolYearFromFileName('學生名冊1141007.xlsx')).toBeNull()
    expect(schoolYearFromFileName('幹部名單_201班.csv')).toBeNull()
    expect(['113', 113, '113學年度', '１１３'].map((v) => value(term(v)))).toEqual(Array(4).fill('113'))
  })

  it('derive the grade from the class', () => {
    expect([gradeOfClass('201'), gradeOfClass('312'), gradeOfClass('高一3'), gradeOfClass('資訊社')]).toEqual([2, 3, 1, null])
  })
})
