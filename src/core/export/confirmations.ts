import { sql } from 'kysely'
import type { Kind } from '../../shared/domain'
import { dialectOf } from '../db/dialect'
import type { Db } from '../db/store'
import type { ExportScope } from './scope'

// The students' side of a round: who has confirmed which (kind, term), per class.

export interface ClassInfo {
  className: string
  students: number
  /** The homeroom teacher most of the class's roster rows name. */
  teacher: string
}

export async function classes(db: Db): Promise<ClassInfo[]> {
  const rows = await db
    .selectFrom('students')
    .select(['class_name', 'homeroom_teacher'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(['class_name', 'homeroom_teacher'])
    .execute()
  const byClass = new Map<string, { students: number; teacher: string; teacherCount: number }>()
  for (const row of rows) {
    const entry = byClass.get(row.class_name) ?? { students: 0, teacher: '', teacherCount: 0 }
    entry.students += Number(row.n)
    if (row.homeroom_teacher && Number(row.n) > entry.teacherCount) {
      entry.teacher = row.homeroom_teacher
      entry.teacherCount = Number(row.n)
    }
    byClass.set(row.class_name, entry)
  }
  return [...byClass.entries()]
    .map(([className, e]) => ({ className, students: e.students, teacher: e.teacher }))
    .sort((a, b) => compareClass(a.className, b.className))
}

export const compareClass = (a: string, b: string) => a.localeCompare(b, 'zh-TW', { numeric: true })

export interface UnconfirmedStudent {
  studentId: number
  className: string
  seat: string
  studentNo: string
  name: string
  /** The round's (kind, term) pairs this student has not confirmed, as `kind|term`. */
  pairs: Set<string>
}

export const pairKey = (kind: Kind, term: string) => `${kind}|${term}`

/** Students with at least one unconfirmed (kind, term) of the round, in class and seat order. */
export async function unconfirmedStudents(db: Db, scope: ExportScope): Promise<UnconfirmedStudent[]> {
  if (!scope.terms.length) return []
  const rows = await db
    .selectFrom('confirmations as c')
    .innerJoin('students as s', 's.id', 'c.student_id')
    .innerJoin('round_terms as rt', (join) =>
      join.onRef('rt.kind', '=', 'c.kind').onRef('rt.term', '=', 'c.term').on('rt.round_id', '=', scope.round.id),
    )
    .select(['s.id', 's.class_name', 's.seat', 's.student_no', 's.name', 'c.kind', 'c.term'])
    .where('c.state', '=', 'unconfirmed')
    .where('c.kind', 'in', scope.kinds)
    .orderBy('s.class_name')
    .orderBy(dialectOf(db).leadingNumber('s.seat'))
    .orderBy('s.seat')
    .orderBy('s.id')
    .execute()
  const students = new Map<number, UnconfirmedStudent>()
  for (const r of rows) {
    const student = students.get(r.id) ?? {
      studentId: r.id, className: r.class_name, seat: r.seat, studentNo: r.student_no, name: r.name, pairs: new Set(),
    }
    student.pairs.add(pairKey(r.kind, r.term))
    students.set(r.id, student)
  }
  return [...students.values()].sort((a, b) => compareClass(a.className, b.className))
}

export type StudentKindState = 'confirmed' | 'reported' | 'unconfirmed'

/**
 * One state per student and kind over the round's terms of that kind: unconfirmed if any
 * term is, else reported if any term is, else confirmed. So the three add up to the
 * students who appear in the confirmation results, and "unconfirmed" counts exactly the
 * students the unconfirmed workbook lists for that kind.
 */
export async function studentKindStates(db: Db, scope: ExportScope) {
  if (!scope.terms.length) return []
  const rows = await db
    .selectFrom('confirmations as c')
    .innerJoin('students as s', 's.id', 'c.student_id')
    .innerJoin('round_terms as rt', (join) =>
      join.onRef('rt.kind', '=', 'c.kind').onRef('rt.term', '=', 'c.term').on('rt.round_id', '=', scope.round.id),
    )
    .select(['s.class_name', 'c.kind'])
    .select([
      sql<number>`max(CASE WHEN c.state = 'unconfirmed' THEN 1 ELSE 0 END)`.as('anyUnconfirmed'),
      sql<number>`max(CASE WHEN c.state = 'reported' THEN 1 ELSE 0 END)`.as('anyReported'),
    ])
    .where('c.kind', 'in', scope.kinds)
    .groupBy(['c.student_id', 's.class_name', 'c.kind'])
    .execute()
  return rows.map((r) => ({
    className: r.class_name,
    kind: r.kind,
    state: (r.anyUnconfirmed ? 'unconfirmed' : r.anyReported ? 'reported' : 'confirmed') as StudentKindState,
  }))
}
