import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateSchool, HOLDOUT_LOAD_ORDER, writeHoldoutSchoolFiles, type HoldoutSchoolFiles, type School } from '../fixtures/school'
import { runCli } from '../helpers/cli'
import { expectedStats } from '../helpers/schoolModel'
import { tempCore, tempDir, type TempCore } from '../helpers/tempCore'

// The hold-out style school (test/cli/holdout.test.ts) imported through the CLI into a school's
// PostgreSQL server gives exactly the stats it gives in a SQLite file, and the model's (issue 11).

let school: School
let holdout: HoldoutSchoolFiles
let server: TempCore
beforeAll(async () => {
  school = generateSchool()
  holdout = await writeHoldoutSchoolFiles(school, join(tempDir('holdout-'), 'files'))
  server = await tempCore({ backend: 'postgres' })
}, 180_000)
afterAll(() => server.cleanup())

function importAndCount(db: string) {
  const run = runCli(['import', '--db', db, ...HOLDOUT_LOAD_ORDER.map((k) => holdout[k])])
  expect(run.status, run.stderr).toBe(0)
  const stats = runCli(['stats', '--db', db, '--json'])
  expect(stats.status, stats.stderr).toBe(0)
  return { printed: run.stdout.split('\n').filter((l) => l.startsWith('「')), stats: JSON.parse(stats.stdout) as unknown }
}

describe('the hold-out style school on a server', () => {
  it('imports through the CLI into the same stats as in a SQLite file, and the model’s', () => {
    const onServer = importAndCount(server.dbArg)
    const inFile = importAndCount(join(tempDir(), 'school.sqlite'))
    expect(onServer.printed).toHaveLength(HOLDOUT_LOAD_ORDER.length)
    expect(onServer.printed).toEqual(inFile.printed)
    expect(onServer.stats).toEqual(inFile.stats)
    expect(onServer.stats).toEqual(expectedStats(school))
  }, 600_000)
})
