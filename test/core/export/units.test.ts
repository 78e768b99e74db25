import { describe, expect, it } from 'vitest'
import { compactDate, toExcelDate } from '../../../src/core/export/dates'
import { nationalIdNotice } from '../../../src/core/export/privacy'
import { sheetNames } from '../../../src/core/export/sheetNames'
import { displayWidth, headerFooter } from '../../../src/core/export/style'

describe('export building blocks', () => {
  it('states whether a workbook holds national IDs', () => {
    expect(nationalIdNotice(false, true)).toBe('本檔不含身分證號。')
  })

  it('counts CJK and full-width characters double when sizing columns', () => {
    expect(displayWidth('111001')).toBe(6)
    expect(displayWidth('課程學習成果')).toBe(12)
    expect(displayWidth('ＡＢ１２')).toBe(8)
    expect(displayWidth('體育 85 分')).toBe(10)
    expect(displayWidth('修課紀錄\n1132')).toBe(8)
  })

  it('turns Taipei wall-clock text into the same wall-clock date cell', () => {
    expect(toExcelDate('2025-10-22 08:00:00')).toEqual(new Date(Date.UTC(2025, 9, 22, 8, 0, 0)))
    expect(toExcelDate('2025-10-22')).toEqual(new Date(Date.UTC(2025, 9, 22)))
    expect(toExcelDate('114/10/22')).toBeNull()
    expect(compactDate('2025-10-17 09:00:00', 'roc')).toBe('1141017')
    expect(compactDate('2025-10-17 09:00:00', 'gregorian')).toBe('20251017')
  })

  it('makes class names valid, unique sheet names', () => {
    const names = sheetNames()
    expect(names.take('總覽')).toBe('總覽')
    expect(names.take('2年1班/甲')).toBe('2年1班_甲')
    expect(names.take('總覽')).toBe('總覽(2)')
    expect(names.take('x'.repeat(40))).toHaveLength(31)
  })

  it('escapes & in the printed page header', () => {
    expect(headerFooter({ school: 'A&B 高中', round: '114', title: '摘要', printed: '114/10/17' }).oddHeader).toBe(
      '&LA&&B 高中\n114&C摘要&R列印日期：114/10/17',
    )
  })
})
