import { sql } from 'kysely'
import type { StudentHit, StudentMatch } from '../../shared/contract/students'
import { foldWidth } from '../../shared/dateTimeInput'
import { dialectOf } from '../db/dialect'
import type { Db } from '../db/store'

const NATIONAL_ID = /^[A-Z][A-Z0-9]\d{8}$/
const CLASS_AND_SEAT = /^(\S+)[ -](\d{1,3})$/

const columns = ['s.id', 's.student_no as studentNo', 's.name', 's.class_name as className', 's.seat'] as const
const students = (db: Db) => db.selectFrom('students as s').select(columns)

/** `LIKE` with the user's text taken literally. */
const likeContaining = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * Finds students as staff type: a student number (its beginning, leading zeros kept),
 * class + seat ('201 05', '201-5', '20105'), a class ('201'), part of a name, or a full
 * national ID. Full-width digits and letters are folded first. The most exact kinds of
 * match come first; each query uses an index or scans one small table.
 */
export async function searchStudents(db: Db, query: string, limit: number): Promise<StudentHit[]> {
  const q = foldWidth(query)
  if (!q) return []
  const lookups: [StudentMatch, Promise<Omit<StudentHit, 'matchedBy'>[]>][] = []
  const upper = q.toUpperCase()
  const d = dialectOf(db)
  const seat = d.leadingNumber('s.seat')
  if (NATIONAL_ID.test(upper)) {
    lookups.push(['nationalId', students(db).where('s.national_id', '=', upper).execute()])
  }
  const classSeat = CLASS_AND_SEAT.exec(q)
  if (classSeat) {
    lookups.push(['classSeat', students(db).where('s.class_name', '=', classSeat[1]).where(sql<boolean>`${seat} = ${Number(classSeat[2])}`).execute()])
  }
  if (/^\d+$/.test(q)) {
    lookups.push(['studentNo', students(db).where('s.student_no', '=', q).execute()])
    // Class and seat run together: '20105' is class 201, seat 05.
    const twoDigits = sql`CASE WHEN ${seat} < 10 THEN '0' || CAST(${seat} AS TEXT) ELSE CAST(${seat} AS TEXT) END`
    lookups.push(['classSeat', students(db).where(sql<boolean>`s.class_name || ${twoDigits} = ${q} OR s.class_name || s.seat = ${q}`).execute()])
    lookups.push(['class', students(db).where('s.class_name', '=', q).orderBy(seat).limit(limit).execute()])
    // A range on the unique index: every number that begins with what was typed (':' sorts after '9').
    lookups.push(['studentNo', students(db).where('s.student_no', '>=', q).where('s.student_no', '<', `${q}:`).orderBy('s.student_no').limit(limit).execute()])
  } else {
    lookups.push(['name', students(db).where(sql<boolean>`s.name ${d.likeFold} ${likeContaining(q)} ESCAPE '\\'`)
      .orderBy(sql`substr(s.name, 1, ${Array.from(q).length}) = ${q}`, 'desc').orderBy('s.class_name').orderBy(seat).limit(limit).execute()])
  }
  const seen = new Set<number>()
  const hits: StudentHit[] = []
  for (const [matchedBy, rows] of lookups) {
    for (const row of await rows) {
      if (seen.has(row.id) || hits.length >= limit) continue
      seen.add(row.id)
      hits.push({ ...row, matchedBy })
    }
  }
  return hits
}
