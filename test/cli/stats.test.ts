import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { evolveSchool, reportItems, writeSchoolFiles, type School, type SchoolFiles } from '../fixtures/school'
import { runCli } from '../helpers/cli'
import { importPath, writeSchool } from '../helpers/schoolImport'
import { cliDb } from '../helpers/cliDb'
import { tempCore, tempDir } from '../helpers/tempCore'

let school: School
let files: SchoolFiles
let db: string
beforeAll(async () => {
  ;({ school, files } = await writeSchool())
  db = (await cliDb()).arg
  const run = runCli(['import', '--db', db, files.roster, files.confirmationsWide, files.confirmationsWideCsv, files.course, files.cadre])
  if (run.status !== 0) throw new Error(run.stderr)
}, 180_000)

describe('cli stats', () => {
  it('prints exactly the JSON shape of issue 3, with the counts of what was imported', () => {
    const run = runCli(['stats', '--db', db, '--json'])
    expect(run.status, run.stderr).toBe(0)
    const stats = JSON.parse(run.stdout)
    expect(Object.keys(stats)).toEqual(['students', 'records', 'confirmations', 'reportItems', 'unconfirmedStudentsByClass'])
    expect(Object.keys(stats.reportItems)).toEqual(['total', 'byKind', 'bySection', 'byType', 'byStatus', 'vanished'])
    const items = [...reportItems(school).values()]
    const byKind = (kind: string) => items.filter((i) => i.confirmation.kind === kind).length
    const states = (kind: string) => Object.fromEntries(['unconfirmed', 'correct', 'reported'].map((s) => [s, school.confirmations.filter((c) => c.kind === kind && c.state === s).length]))
    const unconfirmed: Record<string, Set<string>> = {}
    for (const c of school.confirmations.filter((x) => x.state === 'unconfirmed')) {
      const st = school.students.find((s) => s.studentNo === c.studentNo)!
      ;(unconfirmed[st.className] ??= new Set()).add(st.studentNo)
    }
    expect(stats).toEqual({
      students: school.students.length,
      records: { course: school.courseRecords.length - 2, outcome: 0, performance: 0, cadre: school.cadreRecords.length },
      confirmations: { course: states('course'), outcome: states('outcome'), performance: states('performance'), cadre: states('cadre') },
      reportItems: {
        total: items.length,
        byKind: { course: byKind('course'), outcome: byKind('outcome'), performance: byKind('performance'), cadre: byKind('cadre') },
        bySection: { registration: byKind('course') + byKind('outcome'), activities: byKind('performance'), studentAffairs: byKind('cadre') },
        byType: Object.fromEntries(['extra', 'missing', 'wrong'].map((t) => [t, items.filter((i) => i.errorType === t).length])),
        byStatus: { new: items.length, checking: 0, corrected: 0, resubmitted: 0, closed: 0, disputed: 0, noChange: 0 },
        vanished: 0,
      },
      unconfirmedStudentsByClass: Object.fromEntries(Object.entries(unconfirmed).sort().map(([k, v]) => [k, v.size])),
    })
  })

  it('counts the items flagged vanished: reports a later export no longer lists', async () => {
    const { school: tomorrow, diff } = evolveSchool(school)
    const next = await writeSchoolFiles(tomorrow, join(tempDir('school-next-'), 'files'))
    // Loaded in-process (quicker than three CLI runs); only stats runs as the CLI.
    const t = await tempCore()
    await t.call('settings.update', { operatorName: '陳怡君' })
    try {
      for (const file of [files.roster, files.confirmationsWide, next.confirmationsWide]) await importPath(t, file)
      const gone = diff.removedReports.filter((key) => /\|(course|cadre)\|/.test(key)).length
      expect(gone).toBeGreaterThan(0)
      const stats = JSON.parse(runCli(['stats', '--db', t.dbArg, '--json']).stdout)
      expect(stats.reportItems.vanished).toBe(gone)
      expect(runCli(['stats', '--db', t.dbArg]).stdout).toContain(`  已自最新名單消失：${gone} 項`)
    } finally {
      await t.cleanup()
    }
  })

  it('prints a readable zh-TW summary without --json', () => {
    const run = runCli(['stats', '--db', db])
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain(`學生：${school.students.length} 人`)
    expect(run.stdout).toMatch(/回報項目：共 \d+ 項/)
    expect(run.stdout).toMatch(/尚未確認的學生（依班級）：\d+ 班 \d+ 人/)
  })
})
