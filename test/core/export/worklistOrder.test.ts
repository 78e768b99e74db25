import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { writeWorkbook } from '../../../src/core/export/write'
import { makeConfirmation, makeReportItem, makeStudent } from '../../helpers/factories'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { cellText, listOf, readBook } from './helpers'

// The work list reads as the class's roll does: class by class, seat by seat as numbers (2 before
// 10, unpadded seats as the SIS writes them), and within a student 修課紀錄 before 多元表現, each
// kind's 資料有多 before 資料有少. Two students given the same seat keep their items together.

let t: TempCore
beforeAll(async () => (t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })))
afterAll(() => t.cleanup())

it('orders the items by class, seat as a number, kind and error type', async () => {
  const db = t.core.ctx.db
  const students = [
    ['102', '1', '王小明'], ['101', '10', '陳家豪'], ['101', '2', '林怡君'], ['101', '2', '張柏翰'], ['101', '1', '黃雅婷'],
  ] as const
  for (const [className, seat, name] of students) {
    const student = await makeStudent(db, { class_name: className, seat, name })
    const course = await makeConfirmation(db, { student_id: student.id, kind: 'course' })
    const performance = await makeConfirmation(db, { student_id: student.id, kind: 'performance' })
    for (const [confirmation, errorType] of [[performance, 'missing'], [course, 'missing'], [course, 'extra']] as const) {
      const { kind, term } = confirmation
      await makeReportItem(db, { student_id: student.id, confirmation_id: confirmation.id, kind, term, error_type: errorType })
    }
  }
  const result = await writeWorkbook(t.core.ctx, { workbook: 'worklist', includeFullNationalId: false }, join(t.dir, 'order.xlsx'))
  const { rows } = listOf((await readBook(result.path)).getWorksheet('回報工作清單')!)
  const read = rows.map((r) => ['班級', '座號', '姓名', '項目', '錯誤類別'].map((h) => cellText(r[h])).join(' '))
  const threeOf = (who: string) => [
    `${who} 修課紀錄 資料有多`, `${who} 修課紀錄 資料有少`, `${who} 多元表現 資料有少`,
  ]
  const sameSeat = read.slice(3, 9)
  expect(read.slice(0, 3)).toEqual(threeOf('101 1 黃雅婷'))
  // The two students of seat 2, in either order, each one's items together.
  expect([sameSeat.slice(0, 3), sameSeat.slice(3)].sort()).toEqual([threeOf('101 2 林怡君'), threeOf('101 2 張柏翰')].sort())
  expect(read.slice(9)).toEqual([...threeOf('101 10 陳家豪'), ...threeOf('102 1 王小明')])
})
