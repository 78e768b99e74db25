import { describe, expect, it } from 'vitest'
import { formsOf, matchRecords, normalise, type MatchableRecord } from '../../../src/core/records/match'

const course = (id: number, subject: string, credits = 2, score: number | null = 80): MatchableRecord => ({
  id, names: [subject], credits, scores: [score],
})

// One student's 1132 course rows as the central database lists them.
const COURSES = [
  course(1, '國語文', 4, 78), course(2, '英語文', 4, 85), course(3, '數學A', 4, 62), course(4, '數學甲', 4, 70),
  course(5, '體育', 2, 90), course(6, '歷史', 2, 55), course(7, '地球科學', 2, 81), course(8, '公民與社會', 2, 77),
  course(9, '選修化學-物質與能量', 2, 88), course(10, '全民國防教育', 1, 92),
]
const matched = (reason: string, records = COURSES) => [...matchRecords([reason], records).keys()].sort((a, b) => a - b)

describe('the records matcher', () => {
  it.each([
    ['多了國文', [1]],
    ['少了英文', [2]],
    ['數甲錯了', [4]],
    ['數學甲成績有誤', [4]],
    ['數A學分不對', [3]],
    ['數學A', [3]],
    ['數學錯了', [3, 4]],
    ['體育錯了', [5]],
    ['歷史成績應為61分', [6]],
    ['地科多了', [7]],
    ['多了公民', [8]],
    ['化學的學分錯', [9]],
    ['國防學分應為2學分', [10]],
    ['國英數都少了', [1, 2, 3, 4]],
    ['85分那一科錯了', [2]],
    ['多了一科', []],
  ])('「%s」 points at rows %j', (reason, ids) => {
    expect(matched(reason)).toEqual(ids)
  })

  it('reads full-width digits and letters, spaces and simplified characters as the same text', () => {
    expect(normalise(' 数学Ａ　８５分 ')).toBe('數學A85分')
    expect(matched('数学Ａ')).toEqual([3])
    expect(matched('英文成績 ８５ 分有誤')).toEqual([2])
  })

  it('says which words pointed at a row, and which cell a number or word questions', () => {
    const result = matchRecords(['國文學分應為3學分'], COURSES)
    expect(result.get(1)).toEqual({ mentions: ['國文→國語文', '應為3學分'], cells: ['credits'] })
    // 「應為61分」 is the score it should have: the named row's score is in question, no other row.
    expect(matchRecords(['歷史成績應為61分'], COURSES).get(6)).toEqual({ mentions: ['歷史', '應為61分'], cells: ['score'] })
    // A number that is the row's value narrows nothing away but marks the cell.
    expect(matchRecords(['英文85分錯了'], COURSES).get(2)?.cells).toEqual(['score'])
  })

  it('does not mistake a longer title for a shorter one (副班長 is not 班長)', () => {
    const cadre: MatchableRecord[] = [
      { id: 1, names: ['班長', '本班'] }, { id: 2, names: ['副班長', '本班'] }, { id: 3, names: ['社長', '熱音社'] },
    ]
    expect(matched('少了副班長', cadre)).toEqual([2])
    expect(matched('班長的日期錯了', cadre)).toEqual([1])
    expect(matched('多了熱音社社長', cadre)).toEqual([3])
    expect(matchRecords(['班長的日期錯了'], cadre).get(1)?.cells).toEqual(['dates'])
    // Only 班長 exists: 「應為副班長」 is about that row.
    expect(matched('職稱應為副班長', [cadre[0]])).toEqual([1])
  })

  it('matches competition titles on a shared run of words, and a category when no title matches', () => {
    const performance: MatchableRecord[] = [
      { id: 1, names: [], titles: ['全國高中英語演講比賽'], categories: ['競賽參與紀錄'] },
      { id: 2, names: [], titles: ['臺北市科展'], categories: ['競賽參與紀錄'] },
      { id: 3, names: [], titles: ['全民英檢中級'], categories: ['檢定證照紀錄'] },
      { id: 4, names: [], titles: ['淨灘服務'], categories: ['服務學習紀錄'] },
    ]
    expect(matched('英語演講比賽的獎項錯了', performance)).toEqual([1])
    expect(matched('多了淨灘服務', performance)).toEqual([4])
    expect(matched('科展名次不對', performance)).toEqual([2])
    expect(matched('證照有誤', performance)).toEqual([3])
    expect(matched('比賽都不見了', performance)).toEqual([1, 2])
  })

  it('derives the forms a student may write for a subject name', () => {
    expect(formsOf('數學A').map((f) => f.form)).toEqual(['數學A', '數A', '數學'])
    expect(formsOf('國語文').map((f) => f.form)).toEqual(['國語文', '國文'])
    expect(formsOf('選修化學-物質與能量').map((f) => f.form)).toContain('化學')
  })

  it('combines the reasons of a whole report (several error types)', () => {
    expect([...matchRecords(['多了國文', '體育錯了'], COURSES).keys()].sort()).toEqual([1, 5])
  })
})
