import { readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { evolveSchool, writeSchoolFiles, type EvolveDiff, type School, type SchoolFiles } from '../fixtures/school'
import { csvOf } from '../helpers/importFiles'
import { writeSchool } from '../helpers/schoolImport'
import { fixedClock, tempDir } from '../helpers/tempCore'
import { launchApp, type AppUnderTest } from './app'
import { countOf, textOf, visible } from './expect'
import { sqliteOf } from '../helpers/sqliteOf'

let today: { school: School; files: SchoolFiles }
let tomorrow: { files: SchoolFiles; diff: EvolveDiff }
let teachers: string

beforeAll(async () => {
  today = await writeSchool()
  const evolved = evolveSchool(today.school)
  tomorrow = { diff: evolved.diff, files: await writeSchoolFiles(evolved.school, join(tempDir('school-next-'), 'files')) }
  // A class list from the school's own system: its 級任老師 column is a name the importer does not know.
  teachers = join(tempDir(), '級任導師名單.csv')
  writeFileSync(teachers, csvOf([
    ['學號', '姓名', '班級', '座號', '級任老師'],
    ...today.school.students.slice(0, 3).map((s) => [s.studentNo, s.name, s.className, s.seat, '代理導師吳老師']),
  ]))
}, 180_000)

let app: AppUnderTest
const clock = fixedClock('2025-10-17 09:00')
beforeEach(async () => {
  clock.set('2025-10-17 09:00')
  app = await launchApp({ clock })
  await app.call('settings.update', { operatorName: '陳怡君' })
})
afterEach(() => app.close())

const card = (fileName: string) => app.page.getByRole('article', { name: `待匯入：${fileName}` })

/** Drops a file on the drop zone as a user's drag would: a DataTransfer holding a File built in the page. */
async function drop(path: string) {
  const base64 = readFileSync(path).toString('base64')
  await app.page.getByTestId('drop-zone').evaluate(
    (zone, { name, base64 }) => {
      // Runs in the page (DOM types are not in this project's Node typings).
      const page = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } }
        DragEvent: new (type: string, init: object) => unknown
        File: new (parts: unknown[], name: string) => unknown
      }
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const transfer = new page.DataTransfer()
      transfer.items.add(new page.File([bytes], name))
      for (const type of ['dragover', 'drop']) {
        zone.dispatchEvent(new page.DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }) as Event)
      }
    },
    { name: basename(path), base64 },
  )
}

async function importCard(fileName: string, button = '匯入') {
  await card(fileName).getByRole('button', { name: button, exact: true }).click()
  await textOf(card(fileName).getByRole('status', { name: `「${fileName}」匯入結果` })).toContain('匯入完成')
}

describe('the import page', () => {
  it('stages picked and dropped files, shows what they are, takes a mapping fix, imports, and re-imports a newer export', async () => {
    await app.open('import')
    await visible(app.page.getByText('尚未選擇要匯入的檔案'))

    const { files } = today
    app.host.importFiles.push([files.roster, files.confirmationsWide, files.problemList, files.course])
    await app.page.getByRole('button', { name: '選擇檔案…' }).click()
    await drop(files.confirmationsWideCsv)
    await drop(teachers)
    await countOf(app.page.getByRole('article')).toBe(6)

    // Each file is recognised, with its kind, where it came from and its term.
    const kinds: [string, string][] = [
      ['學生名冊.xlsx', '學生名冊'], ['收訖確認結果_修課紀錄_幹部經歷.xlsx', '收訖確認結果'], ['錯誤回報清單.csv', '收訖確認結果（錯誤回報清單）'],
      ['113_2_修課紀錄.xlsx', '修課紀錄'], ['收訖確認結果_學習成果_多元表現.csv', '收訖確認結果'], ['級任導師名單.csv', '學生名冊'],
    ]
    for (const [name, kind] of kinds) await textOf(card(name).getByTestId('recognised-kind')).toBe(kind)
    await textOf(card('學生名冊.xlsx')).toContain('選擇檔案')
    await textOf(card('收訖確認結果_學習成果_多元表現.csv')).toContain('拖放')
    await textOf(card('收訖確認結果_學習成果_多元表現.csv')).toContain('UTF-8（含 BOM）')
    await textOf(card('學生名冊.xlsx')).toContain('標題在第 4 列')
    await textOf(card('113_2_修課紀錄.xlsx')).toContain('來源：檔名')
    // Records of students not (yet) in the roster are listed as problems before anything is written.
    await textOf(card('113_2_修課紀錄.xlsx')).toContain('名冊中沒有身分證號')

    // The class list's 級任老師 is kept aside until the user says it is the homeroom teacher.
    const select = card('級任導師名單.csv').getByLabel('級任老師', { exact: true })
    await expect.poll(() => select.inputValue()).toBe('')
    await select.selectOption({ label: '導師' })
    await expect.poll(() => select.inputValue()).toBe('homeroomTeacher')
    await textOf(card('級任導師名單.csv').getByRole('table', { name: /前幾列預覽/ })).toContain('代理導師吳老師')
    await textOf(card('級任導師名單.csv')).toContain('手動指定')
    await app.page.getByTestId('drop-zone').scrollIntoViewIfNeeded()
    await app.screenshot('import-staged')

    await importCard('學生名冊.xlsx')
    await importCard('級任導師名單.csv')
    await textOf(card('級任導師名單.csv').getByRole('status')).toContain('更新')
    await importCard('收訖確認結果_修課紀錄_幹部經歷.xlsx')
    await importCard('收訖確認結果_學習成果_多元表現.csv')
    await importCard('錯誤回報清單.csv')
    await textOf(card('錯誤回報清單.csv').getByRole('status')).toContain('處理進度、備註與答覆不受匯入影響')
    // With the roster in, only the two transferred-out students are left as problems.
    await textOf(card('113_2_修課紀錄.xlsx').getByTestId('row-counts')).toContain('2 列有問題')
    await importCard('113_2_修課紀錄.xlsx', '略過有問題的列並匯入')
    const course = card('113_2_修課紀錄.xlsx').getByRole('status', { name: /匯入結果/ })
    await textOf(course).toMatch(/略過\s*2/)
    await textOf(course).toContain('略過的列（2）')
    await card('113_2_修課紀錄.xlsx').scrollIntoViewIfNeeded()
    await app.screenshot('import-summary')

    const teacher = (await app.call('import.batches', {})).find((b) => b.fileName === '級任導師名單.csv')
    expect(teacher).toMatchObject({ updated: 3, operator: '陳怡君' })

    // Close the done cards, then tomorrow's export of the same results.
    for (const name of kinds.map(([n]) => n)) await card(name).getByRole('button', { name: '關閉' }).click()
    await countOf(app.page.getByRole('article')).toBe(0)
    clock.set('2025-10-18 08:30')
    app.host.importFiles.push([tomorrow.files.confirmationsWide])
    await app.page.getByRole('button', { name: '選擇檔案…' }).click()
    await importCard('收訖確認結果_修課紀錄_幹部經歷.xlsx')
    const batch = (await app.call('import.batches', {}))[0]
    const result = card('收訖確認結果_修課紀錄_幹部經歷.xlsx').getByRole('status', { name: /匯入結果/ })
    const n = (count: number) => count.toLocaleString('zh-TW')
    await textOf(result).toMatch(new RegExp(`更新\\s*${n(batch.updated)}`))
    await textOf(result).toMatch(new RegExp(`回報已消失（已標記）\\s*${n(batch.vanished)}`))
    await textOf(result).toMatch(new RegExp(`未變更\\s*${n(batch.unchanged)}`))
    expect(batch.updated).toBeGreaterThan(0)
    expect(batch.vanished).toBeGreaterThan(0)
    await app.screenshot('import-reimport')

    // The batch list has every import, with ROC times.
    const batches = app.page.getByRole('region', { name: '匯入紀錄' })
    await textOf(batches).toContain('114/10/18 08:30')
    await textOf(batches).toContain('級任導師名單.csv')
    await countOf(batches.locator('tbody tr')).toBe(7)
  })

  it('imports the whole school with 全部匯入: roster first, a stop at rows with problems until the user says skip them, every summary shown', async () => {
    await app.open('import')
    const { files } = today
    // Off a USB stick, in no particular order.
    const muddled = [files.outcome, files.course, files.problemList, files.performance1132, files.roster, files.cadre,
      files.confirmationsWideCsv, files.performance1131, files.confirmationsWide, files.rosterBig5]
    app.host.importFiles.push(muddled)
    await app.page.getByRole('button', { name: '選擇檔案…' }).click()
    await countOf(app.page.getByRole('article')).toBe(10)
    const bulk = app.page.getByRole('region', { name: '全部匯入' })
    const start = bulk.getByRole('button', { name: '全部匯入（10 個檔案）' })
    await expect.poll(() => start.isEnabled(), { timeout: 60_000 }).toBe(true)

    // The order it will follow: the roster, the confirmation results (the problem list after the wide files), then the records.
    const order = await bulk.getByRole('table', { name: '匯入順序' }).locator('.bulk-name').allInnerTexts()
    const at = (path: string) => order.indexOf(basename(path))
    expect(order).toHaveLength(10)
    expect(Math.max(at(files.roster), at(files.rosterBig5))).toBeLessThan(Math.min(at(files.confirmationsWide), at(files.confirmationsWideCsv)))
    expect(Math.max(at(files.confirmationsWide), at(files.confirmationsWideCsv))).toBeLessThan(at(files.problemList))
    for (const key of ['course', 'cadre', 'performance1131', 'performance1132', 'outcome'] as const) {
      expect(at(files[key])).toBeGreaterThan(at(files.problemList))
    }
    // Before the roster is in, every record row names an unknown student.
    await textOf(bulk).toContain('個檔案含有問題的列')
    await app.page.getByRole('heading', { name: '匯入', exact: true }).scrollIntoViewIfNeeded()
    await app.screenshot('import-bulk-staged')

    // Asked to stop at rows with problems (the default), it stops at the course file and its two transferred-out students.
    expect(await bulk.getByLabel('停在該檔案，由我檢視問題清單後再決定').isChecked()).toBe(true)
    await start.click()
    const course = basename(files.course)
    await textOf(bulk.getByRole('status')).toContain(`已依序匯入 5 個檔案，在「${course}」停下`)
    await textOf(bulk.getByRole('status')).toContain('其後 4 個檔案尚未匯入')
    await textOf(card(course)).toContain('「全部匯入」在這個檔案停下')
    await textOf(card(course).getByTestId('row-counts')).toContain('2 列有問題')
    await textOf(bulk.getByRole('row').filter({ hasText: course })).toContain('2 列有問題')
    await app.page.getByRole('heading', { name: '匯入', exact: true }).scrollIntoViewIfNeeded()
    await app.screenshot('import-bulk-stopped')
    for (const key of ['roster', 'rosterBig5', 'confirmationsWide', 'confirmationsWideCsv', 'problemList'] as const) {
      await textOf(card(basename(files[key])).getByRole('status', { name: /匯入結果/ })).toContain('匯入完成')
    }
    await countOf(app.page.getByRole('status', { name: /匯入結果/ })).toBe(5)

    // The user reads the two problems, then tells it to skip such rows and go on.
    await bulk.getByLabel(/略過有問題的列，其餘照常匯入/).check()
    await bulk.getByRole('button', { name: '全部匯入（5 個檔案）' }).click()
    await textOf(bulk.getByRole('status')).toContain('已依序匯入 5 個檔案，各檔的結果見下方。')
    await countOf(app.page.getByRole('status', { name: /匯入結果/ })).toBe(10)
    await textOf(card(course).getByRole('status', { name: /匯入結果/ })).toMatch(/略過\s*2/)
    for (const path of muddled) await textOf(card(basename(path)).getByRole('status', { name: /匯入結果/ })).toContain('匯入完成')
    const batches = (await app.call('import.batches', {})).map((b) => b.fileName).reverse()
    expect(batches.slice(0, 5)).toEqual(order.slice(0, 5))
    expect(new Set(batches.slice(5))).toEqual(new Set(order.slice(5)))
    // Each file's summary in the order it went in; the course file's two skipped rows stand out.
    await textOf(bulk.getByRole('row').filter({ hasText: course })).toMatch(/新增 [\d,]+・更新 0・未變更 0・略過 2/)
    await textOf(bulk.getByRole('row').filter({ hasText: basename(files.rosterBig5) })).toMatch(/新增 0・更新 0・未變更 [\d,]+/)
    expect(await bulk.getByRole('button', { name: '已全部匯入' }).isDisabled()).toBe(true)
    await app.page.getByRole('heading', { name: '匯入', exact: true }).scrollIntoViewIfNeeded()
    await app.screenshot('import-bulk-done')
    await card(basename(files.cadre)).scrollIntoViewIfNeeded()
    await app.screenshot('import-bulk-summaries')
  })

  it('shows a refused file with its reason and lets the user cancel it', async () => {
    await app.open('import')
    app.host.importFiles.push([today.files.malformed.badQuote.path])
    await app.page.getByRole('button', { name: '選擇檔案…' }).click()
    const refused = card('收訖確認結果_引號錯誤.csv')
    await textOf(refused.getByRole('alert')).toContain(`第 ${today.files.malformed.badQuote.row} 列有未成對的引號`)
    await countOf(refused.getByRole('button', { name: '匯入' })).toBe(0)
    await refused.getByRole('button', { name: '取消' }).click()
    await countOf(app.page.getByRole('article')).toBe(0)
    expect(await app.call('import.batches', {})).toEqual([])
  })
})

describe('backups in 設定', () => {
  it('lists the backup taken before an import and restores it after confirmation', async () => {
    const first = csvOf([['學號', '姓名', '班級', '座號'], ['110001', '林小華', '201', '01']])
    const second = csvOf([['學號', '姓名', '班級', '座號'], ['110001', '林曉華', '201', '01']])
    for (const [i, bytes] of [first, second].entries() as Iterable<[number, Uint8Array<ArrayBuffer>]>) {
      clock.set(`2025-10-17 1${i}:00`)
      const staged = await app.call('import.upload', { fileName: '名冊.csv', bytes })
      await app.core.ctx.jobs.wait(staged.jobId!)
      await app.core.ctx.jobs.wait((await app.call('import.commit', { stagedId: staged.id, importRest: false })).jobId)
    }
    await app.open('settings')
    const panel = app.page.getByRole('region', { name: '資料庫備份' })
    await textOf(panel).toContain('匯入「名冊.csv」之前')
    await countOf(panel.locator('tbody tr')).toBe(2)
    await panel.locator('tbody tr').first().getByRole('button', { name: '還原…' }).click()
    await textOf(panel.getByRole('alertdialog')).toContain('114/10/17 11:00 的備份')
    await app.screenshot('settings-backups')
    await panel.getByRole('button', { name: '確定還原' }).click()
    await textOf(panel).toContain('已還原')
    const name = sqliteOf(app.core).prepare(`SELECT name FROM students WHERE student_no = '110001'`).get() as { name: string }
    expect(name.name).toBe('林小華')
  })
})
