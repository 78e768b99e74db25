import { writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { reportItems, type School, type SchoolFiles } from '../fixtures/school'
import { runCli } from '../helpers/cli'
import { csvOf, xlsxOf } from '../helpers/importFiles'
import { cliDb } from '../helpers/cliDb'
import { dumpStore, importFiles, LOAD_ORDER, writeSchool } from '../helpers/schoolImport'
import { tempCore, tempDir } from '../helpers/tempCore'

let school: School
let files: SchoolFiles
beforeAll(async () => {
  ;({ school, files } = await writeSchool())
}, 120_000)


describe('cli import', () => {
  it('imports a whole school in the order given, a summary per file, skipped rows on stderr', async () => {
    const db = await cliDb()
    const run = runCli(['import', '--db', db.arg, ...LOAD_ORDER.map((k) => files[k]), files.malformed.badValues.path])
    expect(run.status, run.stderr).toBe(0)
    const lines = run.stdout.trim().split('\n').filter((l) => l.startsWith('「'))
    expect(lines).toHaveLength(LOAD_ORDER.length + 1)
    // A DB first opened outside the 114 round's year follows the data, once, and says so.
    const notices = run.stdout.split('\n').filter((l) => l.startsWith('  ') && !l.startsWith('  本檔只含'))
    expect(notices.every((l) => l.includes('目前梯次已改為「114 學年度收訖明細確認」'))).toBe(true)
    expect(notices.length).toBeLessThanOrEqual(1)
    expect(lines[0]).toBe(`「學生名冊.xlsx」學生名冊：新增 ${school.students.length}、更新 0、未變更 0、移除 0、略過 0`)
    expect(lines[4]).toMatch(/^「錯誤回報清單\.csv」收訖確認結果 1131,1132：新增 0、更新 0、未變更 \d+、標記消失 0、略過 0（回報項目：新增 0、/)
    expect(lines[5]).toMatch(/^「113_2_修課紀錄\.xlsx」修課紀錄 1132：新增 \d+、更新 0、未變更 0、移除 0、略過 2$/)
    // Every skipped row is printed with where it is and why.
    expect(run.stderr).toMatch(/略過 113_2_修課紀錄\.xlsx 學期成績 第 \d+ 列「身分證號」：名冊中沒有身分證號/)
    for (const p of files.malformed.badValues.problems) expect(run.stderr).toContain(`第 ${p.row} 列「${p.column}」`)
    // The batches are recorded under the CLI's operator when 設定 has none.
    expect(await db.value(`SELECT count(*) AS n FROM import_batches WHERE operator = '命令列'`)).toBe(LOAD_ORDER.length + 1)
    expect(await db.value('SELECT count(*) AS n FROM report_items')).toBe(reportItems(school).size)
  })

  it('writes each record file while a worker thread reads it: the rows, batches and round the app\'s import leaves', async () => {
    const db = await cliDb()
    const run = runCli(['import', '--db', db.arg, ...LOAD_ORDER.map((k) => files[k])])
    expect(run.status, run.stderr).toBe(0)
    const app = await tempCore()
    try {
      await app.call('settings.update', { operatorName: '陳怡君' })
      await importFiles(app, files)
      // Every table but the clock's and the operator's marks (the CLI runs now, as 命令列), and
      // the server's undo journal of the last import (its rows kept in the order they were written).
      const except = ['change_marks', 'settings', 'kysely_migration', 'kysely_migration_lock', 'import_undo', 'import_undo_rows']
      const timeless = (dumped: Record<string, unknown[]>) => Object.fromEntries(Object.entries(dumped)
        .map(([table, list]) => [table, (list as Record<string, unknown>[]).map((row) => Object.fromEntries(Object.entries(row)
          .filter(([column]) => !/_at$|^operator$|^updated_by$|^created_by$/.test(column))))]))
      expect(timeless(await db.dump(except))).toEqual(timeless(await dumpStore(app.core.ctx.store, except)))
    } finally {
      await app.cleanup()
    }
  }, 300_000) // the whole school imported twice: a minute alone on a loaded 2-core machine

  it('stops at a refused file with exit code 1 and its message; the files before it stay imported', async () => {
    const db = await cliDb()
    const run = runCli(['import', '--db', db.arg, files.roster, files.malformed.corruptXlsx, files.cadre])
    expect(run.status).toBe(1)
    expect(run.stdout).toContain('「學生名冊.xlsx」學生名冊：新增')
    expect(run.stderr).toContain('無法讀取「損壞的名冊.xlsx」：檔案已損毀')
    expect(run.stderr).toContain('未匯入其後的 1 個檔案：幹部經歷.csv')
    expect(await db.value('SELECT count(*) AS n FROM import_batches')).toBe(1)
    expect(await db.value('SELECT count(*) AS n FROM students')).toBe(school.students.length)
    expect(await db.value('SELECT count(*) AS n FROM cadre_records')).toBe(0)
  })

  it('uses --term for a file that has no term of its own', async () => {
    const dir = tempDir()
    const db = await cliDb()
    const student = school.students[0]
    const cadre = join(dir, '幹部名單.csv')
    writeFileSync(cadre, csvOf([['身分證號', '單位名稱', '擔任職務'], [student.nationalId, `${student.className}班`, '風紀股長']]))
    const without = runCli(['import', '--db', db.arg, files.roster, cadre])
    expect(without.status).toBe(1)
    expect(without.stderr).toContain('「幹部名單.csv」的資料沒有學年度學期')
    expect(without.stderr).toContain('--term')
    const withTerm = runCli(['import', '--db', db.arg, '--term', '1132', cadre])
    expect(withTerm.status, withTerm.stderr).toBe(0)
    expect(withTerm.stdout).toContain('「幹部名單.csv」幹部經歷 1132：新增 1')
    expect(runCli(['import', '--db', db.arg, '--term', '113下', cadre]).stderr).toContain('--term 請寫成 1132 的形式')
  })

  it('takes --term over the term in a file name, as a term chosen in the app; a term column still wins', async () => {
    const dir = tempDir()
    const db = await cliDb()
    const [first, second] = school.students
    const named = join(dir, '113_2_幹部名單.csv')
    writeFileSync(named, csvOf([['身分證號', '單位名稱', '擔任職務'], [first.nationalId, `${first.className}班`, '風紀股長']]))
    const withColumn = join(dir, '113_2_幹部名單_學期欄.csv')
    writeFileSync(withColumn, csvOf([['身分證號', '學年度', '學期', '單位名稱', '擔任職務'], [second.nationalId, 113, 1, `${second.className}班`, '學藝股長']]))
    const run = runCli(['import', '--db', db.arg, '--term', '1141', files.roster, named, withColumn])
    expect(run.status, run.stderr).toBe(0)
    // The roster has no term, whatever --term says.
    expect(run.stdout).toMatch(/「學生名冊\.xlsx」學生名冊：/)
    expect(run.stdout).toContain('「113_2_幹部名單.csv」幹部經歷 1141：新增 1')
    expect(run.stdout).toContain('「113_2_幹部名單_學期欄.csv」幹部經歷 1131：新增 1')
    expect(await db.value(`SELECT count(*) AS n FROM cadre_records WHERE term = '1141'`)).toBe(1)
    expect(await db.value(`SELECT count(*) AS n FROM cadre_records WHERE term = '1132'`)).toBe(0)
  })

  it('imports a whole school year\'s records file without --term, and takes --term 113 for one that names no year', async () => {
    const dir = tempDir()
    const db = await cliDb()
    const [first, second] = school.students
    const yearBook = join(dir, '113_學生自填多元表現名冊.xlsx')
    writeFileSync(yearBook, await xlsxOf({ 服務學習紀錄: [['身分證號', '出生日期', '服務名稱', '開始日期'], [first.nationalId, '0970501', '淨灘活動', '114/03/02']] }))
    const run = runCli(['import', '--db', db.arg, files.roster, yearBook])
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain('「113_學生自填多元表現名冊.xlsx」多元表現 113：新增 1')
    const cadre = join(dir, '幹部名單.csv')
    writeFileSync(cadre, csvOf([['身分證號', '單位名稱', '擔任職務'], [second.nationalId, `${second.className}班`, '風紀股長']]))
    const withYear = runCli(['import', '--db', db.arg, '--term', '113', cadre])
    expect(withYear.status, withYear.stderr).toBe(0)
    expect(withYear.stdout).toContain('「幹部名單.csv」幹部經歷 113：新增 1')
    expect(await db.value(`SELECT count(*) AS n FROM cadre_records WHERE term = '113'`)).toBe(1)
  })

  it('says what part of the school a confirmation file covers, under its summary', async () => {
    const dir = tempDir()
    const db = await cliDb()
    const [student] = school.students
    const list = join(dir, '錯誤回報清單_一班.csv')
    writeFileSync(list, csvOf([
      ['學號', '學年度學期', '項目', '錯誤別', '問題描述', '回報時間'],
      [student.studentNo, '1132', '修課紀錄', '資料有多', '多了國文', '114/10/08 20:15:00'],
    ]))
    const run = runCli(['import', '--db', db.arg, files.roster, list])
    expect(run.status, run.stderr).toBe(0)
    const lines = run.stdout.split('\n')
    const at = lines.findIndex((l) => l.startsWith('「錯誤回報清單_一班.csv」'))
    // (The term shows unless the current round, made from today's date, confirms just that one.)
    expect(lines[at + 1]).toMatch(new RegExp(`^  本檔只含 ${student.className} 班，修課紀錄( 1132)?，114/10/08 的回報；匯入時只有這些範圍內不再列出的回報會標記為已消失。$`))
  })

  it('refuses a missing file by name', async () => {
    const run = runCli(['import', '--db', (await cliDb()).arg, join(tempDir(), '不存在.csv')])
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/無法開啟「.*不存在\.csv」：找不到這個檔案/)
    expect(basename(files.roster)).toBe('學生名冊.xlsx')
  })
})
