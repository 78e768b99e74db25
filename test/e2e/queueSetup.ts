import { generateSchool } from '../fixtures/school'
import { importFiles, writeSchool } from '../helpers/schoolImport'
import { fixedClock } from '../helpers/tempCore'
import { seedSchool, type SeedOptions } from '../helpers/seedQueue'
import { launchApp, type AppUnderTest } from './app'
import { sqliteOf } from '../helpers/sqliteOf'

// The queue's browser tests either import the fixture school through the real importer (as
// staff would: its files, the roster first) or, where they need a shape the fixture does not
// have (50,000 items, a precise status mix), seed a synthetic school straight into the DB
// (test/helpers/seedQueue.ts).

export const NOW = '2025-10-18 10:00'

export async function queueApp(seed: SeedOptions, operator = '陳怡君'): Promise<AppUnderTest> {
  const app = await launchApp({ clock: fixedClock(NOW) })
  await app.call('settings.update', { operatorName: operator, section: 'registration' })
  await seedSchool(app.core.ctx.store, { importedAt: '2025-10-16 18:00:00', ...seed })
  return app
}

/** The fixture school (1,200 students, round 114), imported file by file through the importer. */
export async function fixtureSchoolApp(operator = '陳怡君'): Promise<AppUnderTest> {
  const app = await launchApp({ clock: fixedClock(NOW) })
  await app.call('settings.update', { operatorName: operator, section: 'registration' })
  const { files } = await writeSchool(generateSchool())
  await importFiles(app, files)
  return app
}

/** How many items of the operator's section are in these statuses, straight from the DB. */
export function countInDb(app: AppUnderTest, statuses: string[], section = 'registration'): number {
  const row = sqliteOf(app.core)
    .prepare(`SELECT count(*) AS n FROM report_items WHERE section = ? AND status IN (${statuses.map(() => '?').join(',')})`)
    .get(section, ...statuses) as { n: number }
  return row.n
}

export function statusOf(app: AppUnderTest, id: number): string {
  return (sqliteOf(app.core).prepare('SELECT status FROM report_items WHERE id = ?').get(id) as { status: string }).status
}
