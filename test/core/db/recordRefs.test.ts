import { afterAll, beforeAll, expect, it } from 'vitest'
import { column, execute } from '../../helpers/dbRows'
import { tempCore, type TempCore } from '../../helpers/tempCore'

// A submitted record names its student and the imports that added and last changed it. On SQLite
// foreign keys hold that; on a server a check per statement does (migration 0013). Either way:
// a record naming a student or batch that does not exist is refused, and so is removing a student
// or batch that records still name. Run on both backends.

let t: TempCore
beforeAll(async () => {
  t = await tempCore()
  await execute(t,
    `INSERT INTO import_batches (id, file_name, file_hash, file_kind, imported_at, operator)
      VALUES (901, 'a.xlsx', 'h1', 'course', '2025-10-17 09:00:00', '王'), (902, 'b.xlsx', 'h2', 'course', '2025-10-17 10:00:00', '王')`,
    `INSERT INTO students (id, student_no, national_id, name, class_name, seat, created_at, updated_at)
      VALUES (801, '110001', 'A123456789', '林小美', '101', '1', 'x', 'x'), (802, '110002', 'B223456789', '陳大文', '101', '2', 'x', 'x')`,
    record(701, 801, 901, 902),
  )
})
afterAll(() => t.cleanup())

function record(id: number, student: number | null, first: number, last: number): string {
  return `INSERT INTO course_records (id, student_id, national_id, term, natural_key, row_hash, source, first_batch_id,
      last_batch_id, created_at, updated_at, sheet, course_code, subject_name)
    VALUES (${id}, ${student}, 'A123456789', '1132', 'k${id}', 'h', '{}', ${first}, ${last}, 'x', 'x', '修課', 'C${id}', '國語文')`
}

const refused = /FOREIGN KEY|not in|still named/i

it('refuses a record whose student or batch does not exist', async () => {
  await expect(execute(t, record(702, 999, 901, 901))).rejects.toThrow(refused)
  await expect(execute(t, record(703, 801, 999, 901))).rejects.toThrow(refused)
  await expect(execute(t, record(704, 801, 901, 999))).rejects.toThrow(refused)
  await expect(execute(t, `UPDATE course_records SET last_batch_id = 999 WHERE id = 701`)).rejects.toThrow(refused)
  expect(await column(t, `SELECT id FROM course_records ORDER BY id`)).toEqual([701])
  // A record of no known student (none matched its national ID) is fine.
  await execute(t, record(705, null, 902, 902))
  expect(await column(t, `SELECT id FROM course_records ORDER BY id`)).toEqual([701, 705])
})

it('refuses removing or renumbering a student or batch that records name, and allows it once they are gone', async () => {
  await expect(execute(t, `DELETE FROM students WHERE id = 801`)).rejects.toThrow(refused)
  await expect(execute(t, `UPDATE students SET id = 899 WHERE id = 801`)).rejects.toThrow(refused)
  await expect(execute(t, `DELETE FROM import_batches WHERE id = 901`)).rejects.toThrow(refused)
  await expect(execute(t, `DELETE FROM import_batches WHERE id = 902`)).rejects.toThrow(refused)
  expect(await column(t, `SELECT id FROM students WHERE id > 800 ORDER BY id`)).toEqual([801, 802])
  expect(await column(t, `SELECT id FROM import_batches WHERE id > 900 ORDER BY id`)).toEqual([901, 902])

  // A student no record names goes; so do the others once their records have.
  await execute(t, `DELETE FROM students WHERE id = 802`)
  await execute(t, `DELETE FROM course_records WHERE id IN (701, 705)`, `DELETE FROM students WHERE id = 801`,
    `DELETE FROM import_batches WHERE id IN (901, 902)`)
  expect(await column(t, `SELECT id FROM students WHERE id > 800`)).toEqual([])
  expect(await column(t, `SELECT id FROM import_batches WHERE id > 900`)).toEqual([])
})
