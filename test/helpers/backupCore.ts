import { csvOf, type Rows } from './importFiles'
import { importBytes } from './importer'
import { fixedClock, tempCore, type TempCore } from './tempCore'
import { sqliteOf } from './sqliteOf'

// A core with an operator, at a clock the test moves, and the small roster whose imports
// each change one name (so each takes a backup).

export async function backupCore(options: { dir?: string } = {}): Promise<TempCore & { clock: ReturnType<typeof fixedClock> }> {
  const clock = fixedClock('2025-10-17 09:00')
  const t = await tempCore({ clock, ...options })
  await t.call('settings.update', { operatorName: '陳怡君' })
  return Object.assign(t, { clock })
}

export const roster = (name: string): Rows => [
  ['學號', '姓名', '班級', '座號'],
  ['110001', name, '201', '01'],
  ['110002', '陳大明', '201', '02'],
]

/** Imports the roster with 110001 named `name` at `at` (Taipei time); the summary names its backup. */
export async function importRosterAt(t: TempCore & { clock: ReturnType<typeof fixedClock> }, at: string, name: string) {
  t.clock.set(at)
  return importBytes(t, `名冊.csv`, csvOf(roster(name)))
}

export const studentNames = (t: TempCore) =>
  (sqliteOf(t.core).prepare('SELECT name FROM students ORDER BY student_no').all() as { name: string }[]).map((r) => r.name)

export const refusalOf = (promise: Promise<unknown>) =>
  promise.then(() => { throw new Error('expected a refusal') }, (error: Error & { code: string }) => error)
