import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { writeWorkbook } from '../../../src/core/export/write'
import { ERROR_TYPE_LABELS, KIND_LABELS } from '../../../src/shared/domain'
import { seedSchool } from '../../helpers/seedQueue'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { cellText, listOf, readBook } from './helpers'

// A list longer than one read (2,000 items) is read in parts, its students' names, classes and IDs
// read once for the whole school: every row still names its own item's student.

let t: TempCore
beforeAll(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-18 10:00') })
  await seedSchool(t.core.ctx.store, { students: 300, items: 4500, seed: 7 })
})
afterAll(() => t.cleanup())

it("names each item's own student on every row of a 4,500-row list", async () => {
  const result = await writeWorkbook(t.core.ctx, { workbook: 'worklist', includeFullNationalId: true }, join(t.dir, 'long.xlsx'))
  const { rows } = listOf((await readBook(result.path)).getWorksheet('回報工作清單')!)
  const items = await t.core.ctx.db
    .selectFrom('report_items as ri')
    .innerJoin('students as s', 's.id', 'ri.student_id')
    .select(['s.class_name', 's.seat', 's.student_no', 's.name', 's.national_id', 'ri.kind', 'ri.term', 'ri.error_type', 'ri.reason'])
    .execute()
  expect(items.length).toBeGreaterThan(4000)
  expect(result.rows).toBe(items.length)
  const line = (values: (string | null)[]) => values.join('|')
  const expected = items.map((i) =>
    line([i.class_name, i.seat, i.student_no, i.name, i.national_id, KIND_LABELS[i.kind], i.term, ERROR_TYPE_LABELS[i.error_type], i.reason]),
  )
  const written = rows.map((r) => line(['班級', '座號', '學號', '姓名', '身分證號', '項目', '學期', '錯誤類別', '回報內容'].map((h) => cellText(r[h]))))
  expect(written.sort()).toEqual(expected.sort())
})
