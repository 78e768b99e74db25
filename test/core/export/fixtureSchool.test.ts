import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeWorkbook } from '../../../src/core/export/write'
import type { ExportOptions } from '../../../src/shared/contract/export'
import {
  ERROR_TYPE_LABELS,
  ERROR_TYPES,
  ITEM_STATUS_LABELS,
  ITEM_STATUSES,
  KIND_LABELS,
  KINDS,
  SECTION_LABELS,
  SECTIONS,
  type ItemStatus,
} from '../../../src/shared/domain'
import { generateSchool, reportKey } from '../../fixtures/school'
import { importFiles, writeSchool } from '../../helpers/schoolImport'
import { masked, schoolModel, type SchoolModel } from '../../helpers/schoolModel'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { allText, cellText, listOf, pdfOf, pdfPages, readBook, text } from './helpers'

// Every workbook of the fixture school (test/fixtures/school), imported file by file as staff
// would, read back with exceljs and checked against the school's MODEL — what each workbook
// must hold is worked out from school.students and school.confirmations (test/helpers/
// schoolModel.ts), never from the DB.
//
// The items the re-check notices need go through triage as a clerk's would: 查核中 → 已修正 →
// 已重新提交 and a reply, by the same calls as the 回報處理 page, the morning before the export.

let t: TempCore
let m: SchoolModel
/** The problem list's 答覆 by 單號, read from the file (the model does not carry it). */
let centralReplies: Map<string, string>
const books: Record<string, ExcelJS.Workbook> = {}
const results: Record<string, { rows: number; sheets: string[] }> = {}

/** The files come in at 08:00, the office corrects and re-uploads by 08:40, the workbooks are made at 09:00. */
const IMPORTED_AT = '2025-10-17 08:00'
const RESUBMITTED_AT = '2025-10-17 08:40:00'
const EXPORTED_AT = '2025-10-17 09:00'
const LATE_EXPORT = '2025-10-20 09:00'
const REPLY = '已依學生回報修正並重新提交。'
/** The items marked resubmitted: every 60th report item by ticket number (8 of 448, spread over classes and sections). */
let resubmitted: SchoolModel['items']

async function exportTo(name: string, options: Partial<ExportOptions> & Pick<ExportOptions, 'workbook'>) {
  const result = await writeWorkbook(t.core.ctx, { includeFullNationalId: false, ...options }, join(t.dir, `${name}.xlsx`))
  books[name] = await readBook(result.path)
  results[name] = result
  return books[name]
}

beforeAll(async () => {
  const { school, files } = await writeSchool()
  m = schoolModel(school)
  const list = parse(readFileSync(files.problemList, 'utf8'), { columns: true }) as Record<string, string>[]
  centralReplies = new Map(list.filter((r) => r['答覆']).map((r) => [r['單號'], r['答覆']]))
  const clock = fixedClock(IMPORTED_AT)
  t = await tempCore({ clock })
  await t.call('settings.update', { operatorName: '陳怡君', schoolName: school.schoolName })
  await importFiles(t, files)

  resubmitted = [...m.items].sort((a, b) => a.ticketNo.localeCompare(b.ticketNo)).filter((_, i) => i % 60 === 0)
  const tickets = resubmitted.map((i) => i.ticketNo)
  /** The items as the window last read them: ids with their current versions. */
  const target = async () => ({
    items: await t.core.ctx.db.selectFrom('report_items').select(['id', 'version']).where('ticket_no', 'in', tickets).execute(),
  })
  expect((await target()).items).toHaveLength(resubmitted.length)
  clock.set('2025-10-17 08:20')
  await t.call('triage.decide', { target: await target(), to: 'checking' })
  await t.call('triage.decide', { target: await target(), to: 'corrected' })
  clock.set('2025-10-17 08:45')
  await t.call('triage.decide', { target: await target(), to: 'resubmitted', resubmittedAt: RESUBMITTED_AT })
  await t.call('triage.reply', { target: await target(), reply: REPLY })
  clock.set(EXPORTED_AT)

  await exportTo('unconfirmed', { workbook: 'unconfirmed' })
  await exportTo('summary', { workbook: 'summary' })
  for (const section of SECTIONS) await exportTo(`worklist-${section}`, { workbook: 'worklist', section })
  await exportTo('worklist-full', { workbook: 'worklist', section: 'activities', includeFullNationalId: true })
  await exportTo('recheck', { workbook: 'recheck' })
  await exportTo('replies', { workbook: 'replies' })
  // The summary again once the fix window's first 3 days are over.
  clock.set(LATE_EXPORT)
  await exportTo('summary-late', { workbook: 'summary' })
}, 240_000)
afterAll(() => t.cleanup())

const isResubmitted = (i: SchoolModel['items'][number]) => resubmitted.includes(i)
const countBy = <T>(list: T[], key: (x: T) => string) =>
  list.reduce<Record<string, number>>((acc, x) => ({ ...acc, [key(x)]: (acc[key(x)] ?? 0) + 1 }), {})
/** The row whose first cell reads `label`, from row `from` on. */
const rowOf = (sheet: ExcelJS.Worksheet, label: string, from = 1) => {
  for (let r = from; r <= sheet.rowCount; r++) if (cellText(sheet.getRow(r).getCell(1)) === label) return sheet.getRow(r)
  throw new Error(`no row ${label} in ${sheet.name}`)
}

describe('unconfirmed (the fixture school)', () => {
  it('has an overview with every class, its homeroom teacher and its unconfirmed count, then a sheet per class to chase', () => {
    const chase = m.classes.filter((c) => c.students.some((s) => m.unconfirmedPairs(s.studentNo).size > 0))
    expect(results.unconfirmed.sheets).toEqual(['總覽', ...chase.map((c) => c.className)])
    const { rows } = listOf(books.unconfirmed.getWorksheet('總覽')!)
    expect(rows.map((r) => cellText(r['班級']))).toEqual([...m.classes.map((c) => c.className), '合計'])
    for (const c of m.classes) {
      const row = rows.find((r) => cellText(r['班級']) === c.className)!
      expect(cellText(row['導師'])).toBe(c.teacher)
      expect(row['學生數'].value).toBe(c.students.length)
      expect(row['未確認人數'].value).toBe(c.students.filter((s) => m.unconfirmedPairs(s.studentNo).size > 0).length)
    }
    expect(rows.at(-1)!['未確認人數'].value).toBe(m.unconfirmedStudents().length)
  })

  it('lists on each class sheet exactly the students to chase: seat, number with its leading zero, name, and what each has not confirmed', () => {
    const pairs = [...m.school.terms].sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.term.localeCompare(b.term))
    let transfers = 0
    for (const c of m.classes) {
      const expected = c.students.filter((s) => m.unconfirmedPairs(s.studentNo).size > 0)
      const sheet = books.unconfirmed.getWorksheet(c.className)!
      const { headers, rows } = listOf(sheet)
      expect(headers).toEqual(['座號', '學號', '姓名', ...pairs.map((p) => `${KIND_LABELS[p.kind]}\n${p.term}`), '未確認項數'])
      expect(rows.map((r) => [cellText(r['座號']), cellText(r['學號']), cellText(r['姓名'])])).toEqual(
        expected.map((s) => [s.seat, s.studentNo, s.name]),
      )
      for (const [i, s] of expected.entries()) {
        const missing = m.unconfirmedPairs(s.studentNo)
        for (const p of pairs) {
          expect(cellText(rows[i][`${KIND_LABELS[p.kind]}\n${p.term}`])).toBe(missing.has(`${p.kind}|${p.term}`) ? '未確認' : '')
        }
        expect(rows[i]['未確認項數'].value).toBe(missing.size)
      }
      transfers += rows.filter((r) => cellText(r['學號']).startsWith('0')).length
      expect(allText(sheet)).toContain(`導師：${c.teacher}　未確認 ${expected.length} 人（全班 ${c.students.length} 人）`)
    }
    // Transfer students (0x9nnn) keep their leading zero as text.
    expect(transfers).toBeGreaterThan(0)
  })
})

describe('unconfirmed (a small fixture school where one class has confirmed everything)', () => {
  // Every class of the default school has someone to chase; seed 2 with 12 students (three
  // classes of four) leaves class 201 with nothing unconfirmed.
  let small: TempCore
  let sm: SchoolModel
  beforeAll(async () => {
    const { school, files } = await writeSchool(generateSchool({ seed: 2, students: 12 }))
    sm = schoolModel(school)
    small = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
    await small.call('settings.update', { operatorName: '陳怡君' })
    await importFiles(small, files)
  }, 120_000)
  afterAll(() => small.cleanup())

  it('gives no sheet to the class with nobody unconfirmed, and shows it with 0 in the overview', async () => {
    const done = sm.classes.filter((c) => c.students.every((s) => sm.unconfirmedPairs(s.studentNo).size === 0))
    expect(done.map((c) => c.className)).toEqual(['201'])
    const result = await writeWorkbook(small.core.ctx, { workbook: 'unconfirmed', includeFullNationalId: false }, join(small.dir, 'u.xlsx'))
    expect(result.sheets).toEqual(['總覽', ...sm.classes.filter((c) => !done.includes(c)).map((c) => c.className)])
    const book = await readBook(result.path)
    const { rows } = listOf(book.getWorksheet('總覽')!)
    expect(rows.map((r) => [cellText(r['班級']), r['未確認人數'].value])).toEqual([
      ...sm.classes.map((c) => [c.className, c.students.filter((s) => sm.unconfirmedPairs(s.studentNo).size > 0).length]),
      ['合計', sm.unconfirmedStudents().length],
    ])
    for (const c of sm.classes.filter((x) => !done.includes(x))) {
      const { rows: listed } = listOf(book.getWorksheet(c.className)!)
      expect(listed.map((r) => cellText(r['學號']))).toEqual(sm.unconfirmedStudents().filter((s) => s.className === c.className).map((s) => s.studentNo))
    }
  })
})

describe('worklist (the fixture school)', () => {
  const key = (r: Record<string, ExcelJS.Cell>) => {
    const kind = KINDS.find((k) => KIND_LABELS[k] === cellText(r['項目']))!
    const type = ERROR_TYPES.find((e) => ERROR_TYPE_LABELS[e] === cellText(r['錯誤類別']))!
    return reportKey(cellText(r['學號']), kind, cellText(r['學期']), type)
  }

  it.each(SECTIONS)("lists one row per report item of %s's kinds, with the model's reasons and masked IDs", (section) => {
    const expected = m.items.filter((i) => i.section === section)
    expect(expected.length).toBeGreaterThan(0)
    const sheet = books[`worklist-${section}`].getWorksheet('回報工作清單')!
    const { rows } = listOf(sheet)
    expect(rows).toHaveLength(expected.length)
    expect(rows.map(key).sort()).toEqual(expected.map((i) => reportKey(i.studentNo, i.kind, i.term, i.errorType)).sort())
    const byKey = new Map(expected.map((i) => [reportKey(i.studentNo, i.kind, i.term, i.errorType), i]))
    for (const row of rows) {
      const item = byKey.get(key(row))!
      expect([cellText(row['班級']), cellText(row['座號']), cellText(row['姓名'])]).toEqual([item.student.className, item.student.seat, item.student.name])
      expect(cellText(row['回報內容'])).toBe(item.reason)
      expect(cellText(row['身分證號'])).toBe(masked(item.student.nationalId))
      expect(cellText(row['身分證號'])).toMatch(/^[A-Z][12]\d\*{4}\d{3}$/)
      expect(cellText(row['處理狀態'])).toBe(ITEM_STATUS_LABELS[isResubmitted(item) ? 'resubmitted' : 'new'])
    }
    const everything = allText(sheet)
    for (const s of m.school.students) expect(everything).not.toContain(s.nationalId)
  })

  it('writes full national IDs only when asked for, and says so', () => {
    const sheet = books['worklist-full'].getWorksheet('回報工作清單')!
    const { rows } = listOf(sheet)
    expect(rows).toHaveLength(m.items.filter((i) => i.section === 'activities').length)
    for (const row of rows) expect(cellText(row['身分證號'])).toBe(m.student(cellText(row['學號'])).nationalId)
    expect(allText(sheet)).toContain('身分證號：完整顯示')
  })
})

describe('summary (the fixture school)', () => {
  it("counts items by section × status and kind × error type as the model has them", () => {
    const sheet = books.summary.getWorksheet('進度摘要')!
    const header = rowOf(sheet, '負責組別')
    expect(ITEM_STATUSES.map((s, i) => cellText(header.getCell(i + 2)))).toEqual(ITEM_STATUSES.map((s) => ITEM_STATUS_LABELS[s]))
    const statusOf = (i: SchoolModel['items'][number]): ItemStatus => (isResubmitted(i) ? 'resubmitted' : 'new')
    for (const section of SECTIONS) {
      const row = rowOf(sheet, SECTION_LABELS[section], header.number)
      const items = m.items.filter((i) => i.section === section)
      expect(ITEM_STATUSES.map((_, c) => row.getCell(c + 2).value)).toEqual(ITEM_STATUSES.map((s) => items.filter((i) => statusOf(i) === s).length))
      expect(row.getCell(ITEM_STATUSES.length + 2).value).toBe(items.length)
    }
    expect(rowOf(sheet, '合計', header.number).getCell(ITEM_STATUSES.length + 2).value).toBe(m.items.length)

    const types = rowOf(sheet, '項目')
    for (const kind of KINDS) {
      const row = rowOf(sheet, KIND_LABELS[kind], types.number)
      expect(ERROR_TYPES.map((_, c) => row.getCell(c + 2).value)).toEqual(
        ERROR_TYPES.map((e) => m.items.filter((i) => i.kind === kind && i.errorType === e).length),
      )
    }
  })

  it('counts the items past their investigation deadline per section (3 days from the fix window’s start), with the earliest', () => {
    // The later of the report and the fix start (10/17 00:00) + 3 days, by hand: every item of
    // the fixture school was reported before the fix window, so each is due 10/20 00:00.
    const deadline = (reportedAt: string) => {
      const d = new Date(`${(reportedAt > '2025-10-17 00:00:00' ? reportedAt : '2025-10-17 00:00:00').replace(' ', 'T')}Z`)
      d.setUTCDate(d.getUTCDate() + 3)
      return d.toISOString().slice(0, 19).replace('T', ' ')
    }
    const totals: number[] = []
    for (const [book, now] of [[books.summary, `${EXPORTED_AT}:00`], [books['summary-late'], `${LATE_EXPORT}:00`]] as const) {
      const sheet = book.getWorksheet('進度摘要')!
      const header = rowOf(sheet, '負責組別', rowOf(sheet, '項目').number)
      expect(cellText(header.getCell(2))).toBe('逾期件數')
      expect(allText(sheet)).toContain('四、逾期未查核（調查期限自可處理時起算 3 天，')
      let total = 0
      for (const section of SECTIONS) {
        const late = m.items.filter((i) => i.section === section && !isResubmitted(i) && deadline(i.reportedAt) < now)
        const row = rowOf(sheet, SECTION_LABELS[section], header.number)
        expect(row.getCell(2).value).toBe(late.length)
        const earliest = late.map((i) => deadline(i.reportedAt)).sort()[0]
        expect(row.getCell(3).value).toEqual(earliest ? new Date(`${earliest.replace(' ', 'T')}Z`) : null)
        total += late.length
      }
      expect(rowOf(sheet, '合計', header.number).getCell(2).value).toBe(total)
      totals.push(total)
    }
    // None on the fix window's first morning; on its fourth, every item not yet resubmitted.
    expect(totals).toEqual([0, m.items.filter((i) => !isResubmitted(i)).length])
  })

  it('per class: students, and per kind how many confirmed, reported or did not (unconfirmed if any term is, else reported if any is)', () => {
    const sheet = books.summary.getWorksheet('各班確認情形')!
    const { headerRow, rows } = listOf(sheet)
    // The group row above the headers names each kind with its terms, in the app's order of kinds.
    const groups: string[] = []
    sheet.getRow(headerRow - 1).eachCell((cell) => cell.master.address === cell.address && text(cell.value) && groups.push(text(cell.value)))
    const termsOf = (k: string) => m.school.terms.filter((p) => p.kind === k).map((p) => p.term).sort().join('、')
    expect(groups).toEqual(KINDS.map((k) => `${KIND_LABELS[k]}（${termsOf(k)}）`))
    expect(rows.map((r) => cellText(r['班級']))).toEqual([...m.classes.map((c) => c.className), '全校合計'])

    const expectedRow = (students: SchoolModel['classes'][number]['students']) =>
      KINDS.flatMap((kind) => (['confirmed', 'reported', 'unconfirmed'] as const).map((state) => students.filter((s) => m.kindState(s.studentNo, kind) === state).length))
    for (const c of m.classes) {
      const row = rows.find((r) => cellText(r['班級']) === c.className)!
      const values = sheet.getRow(Number(row['班級'].row)).values as unknown[]
      expect([cellText(row['導師']), row['學生數'].value]).toEqual([c.teacher, c.students.length])
      expect(values.slice(4, 4 + KINDS.length * 3)).toEqual(expectedRow(c.students))
    }
    const total = sheet.getRow(Number(rows.at(-1)!['班級'].row)).values as unknown[]
    expect(total.slice(3, 4 + KINDS.length * 3)).toEqual([m.school.students.length, ...expectedRow(m.school.students)])
    // Counts only: the principal's page names no student.
    for (const name of ['進度摘要', '各班確認情形']) {
      const everything = allText(books.summary.getWorksheet(name)!)
      for (const s of m.school.students) expect(everything).not.toContain(s.studentNo)
    }
  })
})

describe('recheck (the fixture school)', () => {
  it('lists exactly the resubmitted items, class by class, with the re-check window', () => {
    expect(resubmitted.length).toBeGreaterThan(5)
    const byClass = countBy(resubmitted, (i) => i.student.className)
    const classNames = m.classes.map((c) => c.className).filter((c) => byClass[c])
    expect(results.recheck.sheets).toEqual(['總覽', ...classNames])
    for (const className of classNames) {
      const sheet = books.recheck.getWorksheet(className)!
      const { rows } = listOf(sheet)
      const expected = resubmitted.filter((i) => i.student.className === className)
      expect(rows.map((r) => [cellText(r['座號']), cellText(r['學號']), cellText(r['姓名']), cellText(r['回報內容'])]).sort()).toEqual(
        expected.map((i) => [i.student.seat, i.studentNo, i.student.name, i.reason]).sort(),
      )
      for (const row of rows) {
        expect(row['重新提交日期'].value).toEqual(new Date(Date.UTC(2025, 9, 17, 8, 40)))
        expect(row['再確認開始'].value).toEqual(new Date(Date.UTC(2025, 9, 22, 8, 0)))
        expect(row['再確認截止'].value).toEqual(new Date(Date.UTC(2025, 9, 23, 10, 30)))
        expect(cellText(row['學校修正說明'])).toBe(REPLY)
      }
      expect(allText(sheet)).toContain('再確認期間：114/10/22 08:00 至 114/10/23 10:30')
      expect(allText(sheet)).toContain(`導師：${m.classes.find((c) => c.className === className)!.teacher}`)
    }
    const { rows } = listOf(books.recheck.getWorksheet('總覽')!)
    expect(rows.map((r) => [cellText(r['班級']), r['項目數'].value])).toEqual([
      ...classNames.map((c) => [c, byClass[c]]),
      ['合計', resubmitted.length],
    ])
  })
})

describe('replies (the fixture school)', () => {
  it("has one row per report item, with its reason and the reply given: the office's, else the problem list's 答覆", () => {
    expect(results.replies.rows).toBe(m.items.length)
    const { rows } = listOf(books.replies.getWorksheet('回報答覆')!)
    expect(rows).toHaveLength(m.items.length)
    expect(centralReplies.size).toBeGreaterThan(5)
    const byKey = new Map(m.items.map((i) => [reportKey(i.studentNo, i.kind, i.term, i.errorType), i]))
    for (const row of rows) {
      const kind = KINDS.find((k) => KIND_LABELS[k] === cellText(row['項目']))!
      const type = ERROR_TYPES.find((e) => ERROR_TYPE_LABELS[e] === cellText(row['錯誤類別']))!
      const item = byKey.get(reportKey(cellText(row['學號']), kind, cellText(row['學期']), type))!
      expect(cellText(row['回報內容'])).toBe(item.reason)
      expect(cellText(row['處理狀態'])).toBe(ITEM_STATUS_LABELS[isResubmitted(item) ? 'resubmitted' : 'new'])
      expect(cellText(row['學校答覆'])).toBe(isResubmitted(item) ? REPLY : centralReplies.get(item.ticketNo) ?? '')
    }
  })
})

describe('printing the fixture school (LibreOffice)', () => {
  it("prints the principal's summary on two pages (30 classes fit one) and the unconfirmed list one page per class", () => {
    const out = join(t.dir, 'pdf')
    mkdirSync(out)
    const pdf = pdfOf([join(t.dir, 'summary.xlsx'), join(t.dir, 'unconfirmed.xlsx')], out)
    expect(pdfPages(pdf.summary)).toBe(2)
    expect(pdfPages(pdf.unconfirmed)).toBe(results.unconfirmed.sheets.length)
  }, 120_000)
})
