import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  generateSchool, HOLDOUT_LOAD_ORDER, writeHoldoutSchoolFiles, writeSchoolFiles, type HoldoutSchoolFiles, type School, type SchoolFiles,
} from '../fixtures/school'
import { runCli } from '../helpers/cli'
import { LOAD_ORDER } from '../helpers/schoolImport'
import { expectedStats } from '../helpers/schoolModel'
import { cliDb } from '../helpers/cliDb'
import { tempDir } from '../helpers/tempCore'

// The same model school written the way another school's systems write it (the hold-out
// style: other column orders and names, Big5, title rows and page footers, 學年度 and 學期
// apart, grade-by-grade and day-span exports, and one year-level 多元表現 workbook) imports
// through the CLI with no --term into exactly the counts of the model and of the regular style.

let school: School
let holdout: HoldoutSchoolFiles
let regular: SchoolFiles
beforeAll(async () => {
  school = generateSchool()
  holdout = await writeHoldoutSchoolFiles(school, join(tempDir('holdout-'), 'files'))
  regular = await writeSchoolFiles(school, join(tempDir('regular-'), 'files'))
}, 180_000)

async function importAndCount(paths: string[]) {
  const db = await cliDb()
  const run = runCli(['import', '--db', db.arg, ...paths])
  const stats = runCli(['stats', '--db', db.arg, '--json'])
  return { db, run, stats: stats.status === 0 ? JSON.parse(stats.stdout) : stats.stderr }
}

describe('the hold-out style school', () => {
  it('imports whole with no --term into the model’s counts, the regular style’s counts, nothing skipped or flagged', async () => {
    const other = await importAndCount(HOLDOUT_LOAD_ORDER.map((k) => holdout[k]))
    expect(other.run.status, other.run.stderr).toBe(0)
    const summaries = other.run.stdout.split('\n').filter((l) => l.startsWith('「'))
    expect(summaries).toHaveLength(HOLDOUT_LOAD_ORDER.length)
    // Only the two course rows of students who left are skipped; no export flags or removes another's rows.
    for (const line of summaries) {
      expect(line).toMatch(/(標記消失|移除) 0、/)
      expect(line).toMatch(line.includes('修課紀錄.xlsx') ? /、略過 2$/ : /、略過 0($|（)/)
    }
    expect(other.run.stdout).toContain('「113_學生自填多元表現名冊.xlsx」多元表現 113：新增')
    expect(other.stats).toEqual(expectedStats(school))

    const usual = await importAndCount(LOAD_ORDER.map((k) => regular[k]))
    expect(usual.run.status, usual.run.stderr).toBe(0)
    expect(usual.stats).toEqual(other.stats)

    // The year-level records are the year's, 113: shown beside both terms' reports.
    expect(await other.db.rows(`SELECT term, count(*) AS n FROM performance_records GROUP BY term`)).toEqual([{ term: '113', n: school.performanceRecords.length }])
  })
})
