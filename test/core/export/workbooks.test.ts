import { join } from 'node:path'
import type ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportOptions } from '../../../src/shared/contract/export'
import { writeWorkbook } from '../../../src/core/export/write'
import { maskNationalId } from '../../../src/shared/nationalId'
import { SIGN_OFF } from '../../../src/core/export/sheet'
import {
  ERROR_TYPE_LABELS,
  ITEM_STATUS_COLORS,
  ITEM_STATUS_LABELS,
  KIND_LABELS,
  KINDS,
  SECTION_LABELS,
  type ItemStatus,
} from '../../../src/shared/domain'
import { seedExportSchool, type SeedSchool } from '../../helpers/seedExport'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { allText, cellText, listOf, readBook, text } from './helpers'

// Every workbook, read back with exceljs and checked against the seeded school (see
// test/helpers/seedExport.ts: the importer and the fixture school have not landed yet).

let t: TempCore
let school: SeedSchool
const books: Record<string, ExcelJS.Workbook> = {}

async function exportTo(name: string, options: Partial<ExportOptions> & Pick<ExportOptions, 'workbook'>) {
  const result = await writeWorkbook(t.core.ctx, { includeFullNationalId: false, ...options }, join(t.dir, `${name}.xlsx`))
  books[name] = await readBook(result.path)
  return result
}

beforeAll(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君', schoolName: '臺北市立示範高級中學', section: 'registration' })
  school = await seedExportSchool(t.core.ctx.db)
})
afterAll(() => t.cleanup())

const studentOf = (no: string) => school.students.find((s) => s.studentNo === no)!
const countBy = <T>(list: T[], key: (x: T) => string) =>
  list.reduce<Record<string, number>>((acc, x) => ({ ...acc, [key(x)]: (acc[key(x)] ?? 0) + 1 }), {})
const signOffRow = (sheet: ExcelJS.Worksheet) => {
  for (let r = sheet.rowCount; r >= 1; r--) {
    const row = sheet.getRow(r)
    if (cellText(row.getCell(1)) === SIGN_OFF[0]) {
      const labels: string[] = []
      // A merged range reads as its first cell's value in every cell: count each range once.
      row.eachCell((c) => c.master.address === c.address && labels.push(text(c.value)))
      return { row: r, labels }
    }
  }
  return null
}

describe('worklist', () => {
  it("lists the round's report items of every section, one row each, class by class", async () => {
    const result = await exportTo('worklist', { workbook: 'worklist' })
    expect(result.sheets).toEqual(['回報工作清單'])
    expect(result.rows).toBe(school.items.length)
    const { headers, rows } = listOf(books.worklist.getWorksheet('回報工作清單')!)
    expect(headers).toEqual([
      '負責組別', '班級', '座號', '學號', '姓名', '身分證號', '項目', '學期', '錯誤類別', '回報內容', '處理狀態',
      '免修正原因', '答覆', '重新提交時間', '重新提交者', '最後備註', '最後異動', '異動者', '匯入註記',
    ])
    expect(rows).toHaveLength(school.items.length)
    // The report from last year's term is not part of this round.
    expect(rows.map((r) => cellText(r['學期']))).not.toContain('1122')
    expect(countBy(rows, (r) => cellText(r['班級']))).toEqual(
      countBy(school.items, (i) => studentOf(i.studentNo).className),
    )
    const order = rows.map((r) => `${cellText(r['班級'])}${cellText(r['座號'])}`)
    expect(order).toEqual([...order].sort())
  })

  it('masks national IDs and never writes a full one', async () => {
    const sheet = books.worklist.getWorksheet('回報工作清單')!
    const { rows } = listOf(sheet)
    for (const row of rows) {
      const student = studentOf(cellText(row['學號']))
      expect(cellText(row['身分證號'])).toBe(maskNationalId(student.nationalId))
      expect(cellText(row['身分證號'])).toMatch(/^[A-Z][12]\d\*{4}\d{3}$/)
    }
    const everything = allText(sheet)
    for (const s of school.students) expect(everything).not.toContain(s.nationalId)
    expect(everything).toContain('身分證號：已遮蔽（如 A12****789）')
  })

  it('writes what was done about each item: status in its colour, replies, notes, real dates', async () => {
    const { rows } = listOf(books.worklist.getWorksheet('回報工作清單')!)
    for (const item of school.items) {
      const row = rows.find(
        (r) =>
          cellText(r['學號']) === item.studentNo &&
          cellText(r['項目']) === KIND_LABELS[item.kind] &&
          cellText(r['學期']) === item.term &&
          cellText(r['錯誤類別']) === ERROR_TYPE_LABELS[item.errorType],
      )!
      expect(cellText(row['負責組別'])).toBe(SECTION_LABELS[item.section])
      expect(cellText(row['回報內容'])).toBe(item.reason)
      expect(cellText(row['處理狀態'])).toBe(ITEM_STATUS_LABELS[item.status])
      const fill = row['處理狀態'].fill as ExcelJS.FillPattern
      expect(fill.fgColor?.argb).toBe(`FF${ITEM_STATUS_COLORS[item.status].fill.slice(1)}`)
      expect(cellText(row['答覆'])).toBe(item.reply ?? '')
      expect(cellText(row['匯入註記'])).toBe(item.vanished ? '最新匯出檔已無此回報' : '')
      if (item.status === 'resubmitted') {
        expect(row['重新提交時間'].value).toEqual(new Date(Date.UTC(2025, 9, 20, 15, 40)))
        expect(cellText(row['重新提交者'])).toBe('陳怡君')
      }
      if (item.status === 'noChange') expect(cellText(row['免修正原因'])).not.toBe('')
    }
    const noted = rows.filter((r) => cellText(r['最後備註']))
    expect(noted.length).toBeGreaterThan(0)
    // The latest of the item's notes, not the first.
    for (const r of noted) expect(cellText(r['最後備註'])).toBe('已向教學組確認選課紀錄')
    const changed = rows.find((r) => r['最後異動'].value instanceof Date)!
    expect(changed['最後異動'].numFmt).toBe('[$-404]e/mm/dd hh:mm')
  })

  it('looks like an office made it: frozen header, filter, widths, wrapping, A4 print setup, sign-off', async () => {
    const book = books.worklist
    const sheet = book.getWorksheet('回報工作清單')!
    const { headerRow, headers } = listOf(sheet)
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow })
    expect(sheet.autoFilter).toBe(`A${headerRow}:S${headerRow + school.items.length}`)
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0,
      printTitlesRow: `${headerRow}:${headerRow}`, showGridLines: true,
    })
    expect(sheet.headerFooter.oddHeader).toBe(
      '&L臺北市立示範高級中學\n114 學年度收訖明細確認&C回報工作清單（全部組別）&R列印日期：114/10/17\n身分證號已遮蔽',
    )
    expect(sheet.headerFooter.oddFooter).toContain('&P')
    expect(book.title).toBe('回報工作清單（全部組別）')
    expect(book.creator).toBe('陳怡君')
    // Widths from the content, CJK counted double: 課程學習成果 is 6 characters, 12 columns.
    const width = (h: string) => sheet.getColumn(headers.indexOf(h) + 1).width
    expect(width('項目')).toBe(14)
    expect(width('學號')).toBe(8) // 111001, or the header 學號 (2 CJK = 4)
    expect(width('回報內容')).toBe(24) // long text wraps in a capped column
    expect(sheet.getRow(headerRow + 1).getCell(headers.indexOf('回報內容') + 1).alignment?.wrapText).toBe(true)
    const signOff = signOffRow(sheet)!
    expect(signOff.labels).toEqual([...SIGN_OFF])
    // Printed: exactly the table's columns, down to the stamp boxes under the sign-off labels.
    expect(sheet.pageSetup.printArea).toBe(`A1:S${signOff.row + 1}`)
    // Styled cells name the font staff expect (plain cells take it as the workbook's default).
    const first = sheet.getRow(headerRow + 1)
    for (const h of ['處理狀態', '最後異動']) expect(first.getCell(headers.indexOf(h) + 1).font?.name).toBe('Microsoft JhengHei')
    expect(sheet.getRow(headerRow).getCell(1).font).toMatchObject({ name: 'Microsoft JhengHei', bold: true })
  })

  it("a section's list, filtered by status, with full IDs when asked for", async () => {
    const result = await exportTo('worklist-reg', {
      workbook: 'worklist', section: 'registration', status: 'resubmitted', includeFullNationalId: true,
    })
    const expected = school.items.filter((i) => i.section === 'registration' && i.status === 'resubmitted')
    expect(expected.length).toBeGreaterThan(0)
    expect(result.rows).toBe(expected.length)
    const sheet = books['worklist-reg'].getWorksheet('回報工作清單')!
    const { headers, rows } = listOf(sheet)
    expect(headers[0]).toBe('班級') // no section column for one section's list
    expect(new Set(rows.map((r) => cellText(r['項目'])))).toEqual(
      new Set(expected.map((i) => KIND_LABELS[i.kind])),
    )
    for (const row of rows) expect(cellText(row['身分證號'])).toBe(studentOf(cellText(row['學號'])).nationalId)
    expect(allText(sheet)).toContain('身分證號：完整顯示')
    // Every printed page says so, not only the first.
    expect(sheet.headerFooter.oddHeader).toContain('含完整身分證號（個人資料，勿外流）')
    expect(allText(sheet)).toContain('狀態：已重新提交')
  })

  it('writes Gregorian dates when asked', async () => {
    await exportTo('worklist-greg', { workbook: 'worklist', dateStyle: 'gregorian', kind: 'cadre' })
    const { rows } = listOf(books['worklist-greg'].getWorksheet('回報工作清單')!)
    expect(rows.length).toBe(school.items.filter((i) => i.kind === 'cadre').length)
    expect(rows[0]['最後異動'].numFmt).toBe('yyyy/mm/dd hh:mm')
  })
})

describe('summary', () => {
  // Counted as the dashboard counts: items a newer export no longer lists are left out.
  const live = () => school.items.filter((i) => !i.vanished)

  it('counts items by section × status and kind × error type, with totals', async () => {
    expect(live().length).toBeLessThan(school.items.length)
    const result = await exportTo('summary', { workbook: 'summary' })
    expect(result.sheets).toEqual(['進度摘要', '各班確認情形'])
    const sheet = books.summary.getWorksheet('進度摘要')!
    const rowOf = (label: string, from = 1) => {
      for (let r = from; r <= sheet.rowCount; r++) if (cellText(sheet.getRow(r).getCell(1)) === label) return sheet.getRow(r)
      throw new Error(label)
    }
    const statusHeader = rowOf('負責組別')
    const statuses = Object.keys(ITEM_STATUS_LABELS) as ItemStatus[]
    statuses.forEach((s, i) => {
      expect(cellText(statusHeader.getCell(i + 2))).toBe(ITEM_STATUS_LABELS[s])
      expect((statusHeader.getCell(i + 2).fill as ExcelJS.FillPattern).fgColor?.argb).toBe(
        `FF${ITEM_STATUS_COLORS[s].fill.slice(1)}`,
      )
    })
    for (const section of ['registration', 'activities', 'studentAffairs'] as const) {
      const row = rowOf(SECTION_LABELS[section], statusHeader.number)
      const items = live().filter((i) => i.section === section)
      statuses.forEach((s, i) => expect(row.getCell(i + 2).value).toBe(items.filter((x) => x.status === s).length))
      expect(row.getCell(statuses.length + 2).value).toBe(items.length)
    }
    expect(rowOf('合計', statusHeader.number).getCell(statuses.length + 2).value).toBe(live().length)

    const typeHeader = rowOf('項目')
    const course = rowOf('修課紀錄', typeHeader.number)
    const courseItems = live().filter((i) => i.kind === 'course')
    expect([2, 3, 4].map((c) => course.getCell(c).value)).toEqual(
      (['extra', 'missing', 'wrong'] as const).map((e) => courseItems.filter((i) => i.errorType === e).length),
    )
  })

  it('counts the items past the investigation limit of the rule 設定 chose, and shows the phase dates as dates', async () => {
    // This school counts 3 days from the report (the default counts from the fix window's start).
    const { round } = await t.call('rounds.current', {})
    await t.call('rounds.save', { ...round, deadlineRule: 'fromReport' })
    await exportTo('summary-fromReport', { workbook: 'summary' })
    await t.call('rounds.save', round)
    const sheet = books['summary-fromReport'].getWorksheet('進度摘要')!
    const all = allText(sheet)
    expect(all).toContain('四、逾期未查核（調查期限自學生回報時起算 3 天，')
    // Reported on 10/08–10/15; 3 days later is before now (10/17 09:00) up to reports of 10/14 09:00.
    const now = '2025-10-17 09:00:00'
    const due = (reportedAt: string) => {
      const d = new Date(`${reportedAt.replace(' ', 'T')}+08:00`)
      d.setUTCDate(d.getUTCDate() + 3)
      return d.toISOString()
    }
    const overdue = live().filter(
      (i) => ['new', 'checking'].includes(i.status) && due(i.reportedAt) < new Date(`${now.replace(' ', 'T')}+08:00`).toISOString(),
    )
    expect(overdue.length).toBeGreaterThan(0)
    let r = 1
    while (cellText(sheet.getRow(r).getCell(1)) !== '逾期件數' && cellText(sheet.getRow(r).getCell(2)) !== '逾期件數') r++
    let total = 0
    for (let row = r + 1; cellText(sheet.getRow(row).getCell(1)) !== '合計'; row++) total += Number(sheet.getRow(row).getCell(2).value)
    expect(total).toBe(overdue.length)
    expect(all).toContain('學生再確認')
    let phase = 1
    while (cellText(sheet.getRow(phase).getCell(1)) !== '學生再確認') phase++
    expect(sheet.getRow(phase).getCell(2).value).toEqual(new Date(Date.UTC(2025, 9, 22, 8, 0)))
    expect(sheet.getRow(phase).getCell(3).value).toEqual(new Date(Date.UTC(2025, 9, 23, 10, 30)))
    expect(sheet.getRow(phase).getCell(2).numFmt).toBe('[$-404]e/mm/dd hh:mm')
    expect(signOffRow(sheet)?.labels).toEqual([...SIGN_OFF])
    expect(sheet.pageSetup.orientation).toBe('portrait')
  })

  it('per class: students, and per kind how many confirmed, reported, or did not — naming nobody', async () => {
    const sheet = books.summary.getWorksheet('各班確認情形')!
    const { rows } = listOf(sheet)
    expect(rows.map((r) => cellText(r['班級']))).toEqual(['101', '102', '201', '202', '301', '全校合計'])
    // Sorting by a column through the filter leaves 全校合計 where it is: the filter stops above it.
    const { headerRow } = listOf(sheet)
    expect(sheet.autoFilter).toMatch(new RegExp(`^A${headerRow}:[A-Z]+${Number(rows.at(-1)!['班級'].row) - 1}$`))
    const classRow = rows.find((r) => cellText(r['班級']) === '201')!
    expect(cellText(classRow['導師'])).toBe('林淑芬')
    expect(classRow['學生數'].value).toBe(6)
    // Columns per kind: 已確認, 已回報, 未確認 (course first: one term, 1132).
    const states = school.students
      .filter((s) => s.className === '201')
      .map((s) => school.confirmations.find((c) => c.studentNo === s.studentNo && c.kind === 'course')!.state)
    const values = sheet.getRow(Number(classRow['班級'].row)).values as unknown[]
    expect(values.slice(4, 7)).toEqual([
      states.filter((x) => x === 'correct').length,
      states.filter((x) => x === 'reported').length,
      states.filter((x) => x === 'unconfirmed').length,
    ])
    expect(sheet.pageSetup.orientation).toBe('portrait')
    expect(signOffRow(sheet)).not.toBeNull()
    for (const name of ['進度摘要', '各班確認情形']) {
      const everything = allText(books.summary.getWorksheet(name)!)
      for (const s of school.students) expect(everything).not.toContain(s.name)
    }
  })
})

describe('unconfirmed', () => {
  const unconfirmedBy = (className: string) =>
    school.students.filter(
      (s) => s.className === className && school.confirmations.some((c) => c.studentNo === s.studentNo && c.state === 'unconfirmed'),
    )

  it('an overview, then one sheet per class with anyone unconfirmed, and none for the others', async () => {
    const result = await exportTo('unconfirmed', { workbook: 'unconfirmed' })
    const classes = ['101', '102', '201', '202', '301']
    const withSomeone = classes.filter((c) => unconfirmedBy(c).length > 0)
    expect(withSomeone).not.toContain('102')
    expect(result.sheets).toEqual(['總覽', ...withSomeone])
    const overview = books.unconfirmed.getWorksheet('總覽')!
    const { rows, headerRow } = listOf(overview)
    expect(cellText(rows.at(-1)!['班級'])).toBe('合計')
    expect(overview.autoFilter).toMatch(new RegExp(`^A${headerRow}:[A-Z]+${Number(rows.at(-1)!['班級'].row) - 1}$`))
    for (const c of classes) {
      const row = rows.find((r) => cellText(r['班級']) === c)!
      expect(cellText(row['導師'])).toBe(school.students.find((s) => s.className === c)!.teacher)
      expect(row['未確認人數'].value).toBe(unconfirmedBy(c).length)
    }
  })

  it("each class sheet lists exactly the students to chase, seat by seat, and what each has not confirmed", async () => {
    for (const c of ['101', '201', '202', '301']) {
      const sheet = books.unconfirmed.getWorksheet(c)!
      const { headers, rows } = listOf(sheet)
      expect(headers.slice(0, 3)).toEqual(['座號', '學號', '姓名'])
      // In the app's order of kinds (修課紀錄, 課程學習成果, 多元表現, 幹部經歷), then term.
      const pairs = [...school.roundTerms].sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || +a.term - +b.term)
      expect(headers.slice(3, -1)).toEqual(pairs.map((p) => `${KIND_LABELS[p.kind]}\n${p.term}`))
      const expected = unconfirmedBy(c)
      expect(rows.map((r) => cellText(r['學號']))).toEqual(expected.map((s) => s.studentNo))
      for (const row of rows) {
        const missing = school.confirmations.filter((x) => x.studentNo === cellText(row['學號']) && x.state === 'unconfirmed')
        for (const p of school.roundTerms) {
          const cell = row[`${KIND_LABELS[p.kind]}\n${p.term}`]
          const marked = cellText(cell) === '未確認'
          expect(marked).toBe(missing.some((m) => m.kind === p.kind && m.term === p.term))
          // The marks stand centred under their (kind, term) header.
          if (marked) expect(cell.alignment).toMatchObject({ horizontal: 'center' })
        }
        expect(row['未確認項數'].value).toBe(missing.length)
      }
      expect(allText(sheet)).toContain(`導師：${expected[0].teacher}`)
      expect(allText(sheet)).toContain('本檔不含身分證號')
    }
  })

  it("a section's list covers the kinds it fixes", async () => {
    const result = await exportTo('unconfirmed-act', { workbook: 'unconfirmed', section: 'activities' })
    for (const name of result.sheets.slice(1)) {
      const { headers, rows } = listOf(books['unconfirmed-act'].getWorksheet(name)!)
      expect(headers.slice(3, -1)).toEqual(['多元表現\n1131', '多元表現\n1132'])
      for (const row of rows) {
        const missing = school.confirmations.filter(
          (x) => x.studentNo === cellText(row['學號']) && x.state === 'unconfirmed' && x.kind === 'performance',
        )
        expect(row['未確認項數'].value).toBe(missing.length)
        expect(missing.length).toBeGreaterThan(0)
      }
    }
  })
})

describe('recheck', () => {
  it('lists the resubmitted items per class with the re-check window as date-times', async () => {
    const resubmitted = school.items.filter((i) => i.status === 'resubmitted' && !i.vanished)
    const byClass = countBy(resubmitted, (i) => studentOf(i.studentNo).className)
    const result = await exportTo('recheck', { workbook: 'recheck' })
    expect(result.sheets).toEqual(['總覽', ...Object.keys(byClass).sort()])
    for (const [className, count] of Object.entries(byClass)) {
      const sheet = books.recheck.getWorksheet(className)!
      const { rows } = listOf(sheet)
      expect(rows).toHaveLength(count)
      expect(rows[0]['再確認開始'].value).toEqual(new Date(Date.UTC(2025, 9, 22, 8, 0)))
      expect(rows[0]['再確認截止'].value).toEqual(new Date(Date.UTC(2025, 9, 23, 10, 30)))
      expect(allText(sheet)).toContain('再確認期間：114/10/22 08:00 至 114/10/23 10:30')
      for (const row of rows) expect(cellText(row['學校修正說明'])).not.toBe('')
    }
    const { rows } = listOf(books.recheck.getWorksheet('總覽')!)
    expect(rows.at(-1)?.['項目數'].value).toBe(resubmitted.length)
  })
})

describe('replies', () => {
  it('each reported item with the reply the student is told, and no national IDs', async () => {
    const result = await exportTo('replies', { workbook: 'replies', section: 'activities' })
    // A withdrawn report (gone from the latest export) has nothing to tell.
    const expected = school.items.filter((i) => i.section === 'activities' && !i.vanished)
    expect(school.items.some((i) => i.section === 'activities' && i.vanished)).toBe(true)
    expect(result.rows).toBe(expected.length)
    const sheet = books.replies.getWorksheet('回報答覆')!
    const { headers, rows } = listOf(sheet)
    expect(headers).not.toContain('身分證號')
    for (const item of expected) {
      const row = rows.find(
        (r) =>
          cellText(r['學號']) === item.studentNo &&
          cellText(r['學期']) === item.term &&
          cellText(r['錯誤類別']) === ERROR_TYPE_LABELS[item.errorType],
      )!
      expect(cellText(row['學校答覆'])).toBe(item.reply ?? '')
      expect(cellText(row['處理狀態'])).toBe(ITEM_STATUS_LABELS[item.status])
    }
    const everything = allText(sheet)
    for (const s of school.students) expect(everything).not.toContain(s.nationalId)
    expect(everything).toContain('本檔不含身分證號')
  })
})
