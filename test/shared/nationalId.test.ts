import { describe, expect, it } from 'vitest'
import { maskNationalId, maskNationalIdsIn } from '../../src/shared/nationalId'

describe('national ID masking (one rule for screens, messages and exports)', () => {
  it('keeps the first three and last three characters of an ID', () => {
    expect(maskNationalId('A123456789')).toBe('A12****789')
    expect(maskNationalId(' f223344556 ')).toBe('F22****556')
  })

  it('masks IDs that are not 10 characters the same way everywhere: one star per hidden character', () => {
    expect(maskNationalId('A12345678')).toBe('A12***678')
    expect(maskNationalId('A1234567890')).toBe('A12*****890')
    expect(maskNationalId('X1234')).toBe('X****')
    expect(maskNationalId('AB12')).toBe('A***')
  })

  it('shows an 8-character ID its ends only, and a resident certificate number like a national ID', () => {
    expect(maskNationalId('A1234567')).toBe('A12**567')
    expect(maskNationalId('A800000014')).toBe('A80****014')
    expect(maskNationalId('ab12345678')).toBe('AB1****678')
  })

  it('never shows more than six characters, nor the whole of a one- or two-character value', () => {
    for (const id of ['A1234567', 'A12345678', 'A123456789', 'A1234567890', 'A12345678901234']) {
      expect(maskNationalId(id).replace(/\*/g, '')).toHaveLength(6)
    }
    expect(maskNationalId('A')).toBe('*')
    expect(maskNationalId('a1')).toBe('**')
    expect(maskNationalId('A12')).toBe('A**')
  })

  it('masks a blank to nothing', () => {
    expect(maskNationalId(null)).toBe('')
    expect(maskNationalId('  ')).toBe('')
  })

  it('masks every ID quoted inside a message, and nothing else', () => {
    expect(maskNationalIdsIn('與第 2 列重複（a123456789、學號 110001）')).toBe('與第 2 列重複（A12****789、學號 110001）')
    expect(maskNationalIdsIn('AA1234567890 不是身分證號')).toBe('AA1234567890 不是身分證號')
  })
})
