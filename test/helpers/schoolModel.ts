import { DEFAULT_ROUTING, KINDS, type Kind, type Section } from '../../src/shared/domain'
import { reportItems, type FixtureConfirmation, type FixtureStudent, type School } from '../fixtures/school'

// What the fixture school's model says a workbook, the dashboard or the student page must
// show, worked out from `school.students` and `school.confirmations` alone — never from the
// DB — so a test compares the app with an independent answer.

export type StudentKindState = 'confirmed' | 'reported' | 'unconfirmed'

export interface ModelClass {
  className: string
  teacher: string
  students: FixtureStudent[]
}

export const compareClass = (a: string, b: string) => a.localeCompare(b, 'zh-TW', { numeric: true })

export function schoolModel(school: School) {
  const byNo = new Map(school.students.map((s) => [s.studentNo, s]))
  const student = (no: string) => byNo.get(no)!
  const items = [...reportItems(school).values()].map((i) => ({
    ...i,
    studentNo: i.confirmation.studentNo,
    kind: i.confirmation.kind,
    term: i.confirmation.term,
    section: DEFAULT_ROUTING[i.confirmation.kind] as Section,
    student: student(i.confirmation.studentNo),
  }))

  const classes: ModelClass[] = []
  for (const s of school.students) {
    let c = classes.find((x) => x.className === s.className)
    if (!c) classes.push((c = { className: s.className, teacher: s.homeroomTeacher, students: [] }))
    c.students.push(s)
  }
  classes.sort((a, b) => compareClass(a.className, b.className))
  for (const c of classes) c.students.sort((a, b) => Number(a.seat) - Number(b.seat))

  const confirmationsOf = (no: string, kinds: readonly Kind[] = KINDS) =>
    school.confirmations.filter((c) => c.studentNo === no && kinds.includes(c.kind))
  const byStudent = new Map<string, FixtureConfirmation[]>()
  for (const c of school.confirmations) byStudent.set(c.studentNo, [...(byStudent.get(c.studentNo) ?? []), c])

  /** The (kind, term) pairs a student has not confirmed, as `kind|term`, of the given kinds. */
  const unconfirmedPairs = (no: string, kinds: readonly Kind[] = KINDS) =>
    new Set((byStudent.get(no) ?? []).filter((c) => c.state === 'unconfirmed' && kinds.includes(c.kind)).map((c) => `${c.kind}|${c.term}`))

  /** Students with at least one unconfirmed pair of these kinds, class by class, seat by seat. */
  const unconfirmedStudents = (kinds: readonly Kind[] = KINDS) =>
    classes.flatMap((c) => c.students.filter((s) => unconfirmedPairs(s.studentNo, kinds).size > 0))

  /** One state per student and kind: unconfirmed if any term is, else reported if any is, else confirmed. */
  const kindState = (no: string, kind: Kind): StudentKindState => {
    const states = (byStudent.get(no) ?? []).filter((c) => c.kind === kind).map((c) => c.state)
    return states.includes('unconfirmed') ? 'unconfirmed' : states.includes('reported') ? 'reported' : 'confirmed'
  }

  return { school, student, items, classes, confirmationsOf, unconfirmedPairs, unconfirmedStudents, kindState }
}

export type SchoolModel = ReturnType<typeof schoolModel>

/** 'A123456789' → 'A12****789', written out here rather than borrowed from the app. */
export const masked = (id: string) => `${id.slice(0, 3)}****${id.slice(-3)}`

/**
 * What `stats --json` must say of a DB holding the whole school as its files write it: every
 * student and confirmation, every report item new, every record but the two course rows of
 * students who left (`unknownNationalIds`, not in the roster).
 */
export function expectedStats(school: School) {
  const items = [...reportItems(school).values()]
  const byKind = (kind: Kind) => items.filter((i) => i.confirmation.kind === kind).length
  const states = (kind: Kind) =>
    Object.fromEntries(['unconfirmed', 'correct', 'reported'].map((s) => [s, school.confirmations.filter((c) => c.kind === kind && c.state === s).length]))
  const unconfirmed: Record<string, Set<string>> = {}
  const classOf = new Map(school.students.map((s) => [s.studentNo, s.className]))
  for (const c of school.confirmations.filter((x) => x.state === 'unconfirmed')) (unconfirmed[classOf.get(c.studentNo)!] ??= new Set()).add(c.studentNo)
  return {
    students: school.students.length,
    records: {
      course: school.courseRecords.filter((r) => !school.unknownNationalIds.includes(r.nationalId)).length,
      outcome: school.outcomeRecords.length,
      performance: school.performanceRecords.length,
      cadre: school.cadreRecords.length,
    },
    confirmations: { course: states('course'), outcome: states('outcome'), performance: states('performance'), cadre: states('cadre') },
    reportItems: {
      total: items.length,
      byKind: { course: byKind('course'), outcome: byKind('outcome'), performance: byKind('performance'), cadre: byKind('cadre') },
      bySection: { registration: byKind('course') + byKind('outcome'), activities: byKind('performance'), studentAffairs: byKind('cadre') },
      byType: Object.fromEntries(['extra', 'missing', 'wrong'].map((t) => [t, items.filter((i) => i.errorType === t).length])),
      byStatus: { new: items.length, checking: 0, corrected: 0, resubmitted: 0, closed: 0, disputed: 0, noChange: 0 },
      // Every item of the model is in the files imported: none has vanished.
      vanished: 0,
    },
    unconfirmedStudentsByClass: Object.fromEntries(Object.entries(unconfirmed).sort(([a], [b]) => compareClass(a, b)).map(([k, v]) => [k, v.size])),
  }
}
