import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { csvOf } from '../../helpers/importFiles'
import { choose, commit, stage } from '../../helpers/importer'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { row, rows } from '../../helpers/dbRows'

// A layout the importer does not know: the user says what it is and which column is which,
// and the next file with the same headers is read that way without asking.

let t: TempCore
beforeEach(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君' })
})
afterEach(() => t.cleanup())

const HEADERS = ['代號', '中文名', '班', '號', '級任老師', '電話']
const fileWith = (name: string) => csvOf([HEADERS, ['110001', name, '201', '1', '王老師', '0912000000'], ['110002', '陳大明', '201', '2', '王老師', '']])

describe('mapping columns by hand', () => {
  it('reads an unknown layout once mapped, and remembers it for the next file with the same headers', async () => {
    const first = await stage(t, '校務系統匯出.csv', fileWith('林小華'))
    expect(first.status).toBe('refused')
    expect(first.message).toMatch(/^認不出「校務系統匯出\.csv」是哪一種資料/)
    expect(first.sheets[0].columns.map((c) => c.header)).toEqual(HEADERS)

    const sheet = first.sheets[0].name
    const mapped = await choose(t, first.id, {
      shape: 'roster',
      mappings: { [sheet]: { 0: 'studentNo', 1: 'name', 2: 'className', 3: 'seat', 4: 'homeroomTeacher' } },
    })
    expect(mapped.status).toBe('ready')
    expect(mapped.shape).toBe('roster')
    expect(mapped.sheets[0].columns.map((c) => [c.header, c.field, c.origin])).toEqual([
      ['代號', 'studentNo', 'user'], ['中文名', 'name', 'user'], ['班', 'className', 'user'], ['號', 'seat', 'user'],
      ['級任老師', 'homeroomTeacher', 'user'], ['電話', null, 'none'],
    ])
    expect((await commit(t, mapped.id)).added).toBe(2)
    const student = await row(t, `SELECT * FROM students WHERE student_no = '110001'`)
    expect(student).toMatchObject({ name: '林小華', seat: '01', homeroom_teacher: '王老師', extra: JSON.stringify({ 電話: '0912000000' }) })

    const remembered = await rows(t, 'SELECT file_kind, operator FROM column_mappings')
    expect(remembered).toEqual([{ file_kind: 'roster', operator: '陳怡君' }])
    const next = await stage(t, '校務系統匯出_1017.csv', fileWith('林曉華'))
    expect(next.status).toBe('ready')
    expect(next.sheets[0].columns.filter((c) => c.field).every((c) => c.origin === 'saved')).toBe(true)
    expect((await commit(t, next.id)).updated).toBe(1)
  })

  it('lets one column of a recognised file be mapped to another field, moving the field off its old column', async () => {
    const bytes = csvOf([['學號', '姓名', '班級', '座號', '導師', '代理導師'], ['110001', '林小華', '201', '01', '王老師', '張老師']])
    const staged = await stage(t, '名冊.csv', bytes)
    expect(staged.sheets[0].columns.map((c) => c.field)).toEqual(['studentNo', 'name', 'className', 'seat', 'homeroomTeacher', null])
    const changed = await choose(t, staged.id, { mappings: { [staged.sheets[0].name]: { 5: 'homeroomTeacher' } } })
    expect(changed.sheets[0].columns.map((c) => c.field)).toEqual(['studentNo', 'name', 'className', 'seat', null, 'homeroomTeacher'])
    expect(changed.sheets[0].preview[0].values).toContain('張老師')
    await commit(t, changed.id)
    expect(await row(t, 'SELECT homeroom_teacher FROM students')).toEqual({ homeroom_teacher: '張老師' })
  })

  it('lets the user choose the term of a file that has none, and says where the term came from', async () => {
    const bytes = csvOf([['身分證號', '單位名稱', '擔任職務'], ['A123456789', '201班', '班長']])
    const staged = await stage(t, '幹部.csv', bytes)
    expect(staged).toMatchObject({ status: 'refused', termNeeded: true, termSource: 'none' })
    const chosen = await choose(t, staged.id, { term: '1132' })
    expect(chosen).toMatchObject({ status: 'ready', term: '1132', termSource: 'user', termNeeded: false })
    const named = await stage(t, '113_2_幹部.csv', bytes)
    expect(named).toMatchObject({ status: 'ready', term: '1132', termSource: 'fileName' })
  })
})
