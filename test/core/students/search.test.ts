import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeStudent } from '../../helpers/factories'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'

let t: TempCore
beforeEach(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-18 09:00') })
  const db = t.core.ctx.db
  await makeStudent(db, { student_no: '012345', national_id: 'A123456789', name: '林小華', class_name: '201', seat: '05' })
  await makeStudent(db, { student_no: '012346', national_id: 'B298765432', name: '陳怡君', class_name: '201', seat: '12' })
  await makeStudent(db, { student_no: '112001', national_id: 'F187654321', name: '林怡安', class_name: '105', seat: '01' })
  await makeStudent(db, { student_no: '201050', national_id: null, name: '王大明', class_name: '310', seat: '5' })
})
afterEach(() => t.cleanup())

const search = async (query: string) => (await t.call('students.search', { query })).map((h) => [h.name, h.matchedBy])

describe('students.search', () => {
  it('finds by student number from its first digits, keeping leading zeros', async () => {
    expect(await search('01')).toEqual([['林小華', 'studentNo'], ['陳怡君', 'studentNo']])
    expect(await search('012346')).toEqual([['陳怡君', 'studentNo']])
    expect(await search('12345')).toEqual([]) // not the same number without its zero
  })

  it('finds by class and seat, spaced or run together, seat with or without its zero', async () => {
    expect(await search('201 05')).toEqual([['林小華', 'classSeat']])
    expect(await search('201-5')).toEqual([['林小華', 'classSeat']])
    // Exact class + seat first, then student numbers that begin alike.
    expect(await search('20105')).toEqual([['林小華', 'classSeat'], ['王大明', 'studentNo']])
    expect(await search('31005')).toEqual([['王大明', 'classSeat']])
    expect(await search('310 5')).toEqual([['王大明', 'classSeat']])
  })

  it('lists a class by seat when its number is typed, before numbers that merely begin alike', async () => {
    expect(await search('201')).toEqual([['林小華', 'class'], ['陳怡君', 'class'], ['王大明', 'studentNo']])
  })

  it('finds by part of a name, names beginning with it first', async () => {
    expect(await search('怡')).toEqual([['林怡安', 'name'], ['陳怡君', 'name']])
    expect(await search('林')).toEqual([['林怡安', 'name'], ['林小華', 'name']])
    expect(await search('%')).toEqual([])
  })

  it('finds by the full national ID only, in any letter case', async () => {
    expect(await search('a123456789')).toEqual([['林小華', 'nationalId']])
    expect(await search('A1234')).toEqual([])
  })

  it('folds full-width input typed with a Chinese IME', async () => {
    expect(await search('０１２３４６')).toEqual([['陳怡君', 'studentNo']])
    expect(await search('２０１\u300005')).toEqual([['林小華', 'classSeat']])
    expect(await search('Ａ１２３４５６７８９')).toEqual([['林小華', 'nationalId']])
    expect(await search('   ')).toEqual([])
  })

  it('counts the roster', async () => {
    expect(await t.call('students.count', {})).toEqual({ students: 4 })
  })
})
