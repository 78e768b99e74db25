import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateSchool, writeSchoolFiles, type School, type SchoolFiles } from '../fixtures/school'
import { writeReceiptZips } from '../fixtures/school/write/receipt'
import { runCli } from '../helpers/cli'
import { tempDir } from '../helpers/tempCore'

// The CLI imports the central database's 收訖 zips like any file, each data file in turn with its
// own summary; a zip's password comes from a file (--zip-password-file), never the command line.

let school: School
let files: SchoolFiles
let zips: { term: string; path: string; entries: string[] }[]
let passwordFile: string
beforeAll(async () => {
  school = generateSchool({ students: 60 })
  const dir = tempDir('cli-receipt-')
  files = await writeSchoolFiles(school, join(dir, 'files'))
  zips = await writeReceiptZips(school, join(dir, 'zips'), { password: '114收訖', cipher: 'aes' })
  passwordFile = join(dir, 'zip-password.txt')
  writeFileSync(passwordFile, '114收訖\r\n')
}, 120_000)

const count = (db: string, table: string) => {
  const sqlite = new BetterSqlite3(db, { readonly: true })
  try {
    return (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  } finally {
    sqlite.close()
  }
}

describe('cli import of 收訖 zips', () => {
  it('imports every data file of each zip with the password from --zip-password-file, a summary each', () => {
    const db = join(tempDir(), 'school.sqlite')
    const run = runCli(['import', '--db', db, '--zip-password-file', passwordFile, files.roster, ...zips.map((z) => z.path)])
    expect(run.status, run.stderr).toBe(0)
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('「'))
    expect(lines).toHaveLength(1 + zips.reduce((n, z) => n + z.entries.length, 0))
    expect(lines).toContainEqual(expect.stringMatching(/^「範例高中_1132_修課紀錄\.json」修課紀錄 1132：新增 \d+、更新 0、未變更 0、移除 0、略過 \d+$/))
    expect(count(db, 'course_records')).toBe(school.courseRecords.filter((r) => !school.unknownNationalIds.includes(r.nationalId)).length)
    expect(count(db, 'cadre_records')).toBe(school.cadreRecords.length)
    // The password never shows in what the CLI prints.
    expect(run.stdout + run.stderr).not.toContain('114收訖')
  })

  it('stops at a zip with a password when none or a wrong one is given, saying what to do', () => {
    const db = join(tempDir(), 'school.sqlite')
    const none = runCli(['import', '--db', db, files.roster, zips[0].path])
    expect(none.status).toBe(1)
    expect(none.stderr).toContain(`「${zips[0].path.split('/').pop()}」有密碼保護，請輸入密碼。（命令列請以 --zip-password-file 指定存有密碼的檔案）`)
    const wrongFile = join(tempDir(), 'wrong.txt')
    writeFileSync(wrongFile, 'not it\n')
    const wrong = runCli(['import', '--db', db, '--zip-password-file', wrongFile, zips[0].path])
    expect(wrong.status).toBe(1)
    expect(wrong.stderr).toContain('的密碼不正確，請再輸入一次。')
    expect(count(db, 'performance_records')).toBe(0)
    const missing = runCli(['import', '--db', db, '--zip-password-file', join(tempDir(), 'nowhere.txt'), zips[0].path])
    expect(missing.status).not.toBe(0)
    expect(missing.stderr).toContain('無法讀取密碼檔')
  })
})
