import { sql } from 'kysely'
import type { ClassConfirmation, TrendPoint } from '../../shared/contract/dashboard'
import type { Db } from '../db/store'
import { confirmationsOfRound } from './scope'
import { lastOfEachSitting } from '../import/sittings'

/** Per student of the round: whether any (kind, term) is still unconfirmed, whether any was reported. */
const perStudent = (db: Db, roundId: number) =>
  confirmationsOfRound(db, roundId)
    .select('c.student_id')
    .select([
      sql<number>`max(CASE WHEN c.state = 'unconfirmed' THEN 1 ELSE 0 END)`.as('pending'),
      sql<number>`max(CASE WHEN c.state = 'reported' THEN 1 ELSE 0 END)`.as('reported'),
    ])
    .groupBy('c.student_id')

/**
 * The confirmation rate of each class, lowest first so the classes to chase head the list.
 * A student counts as confirmed once every (kind, term) of the round is confirmed or reported:
 * what is still 未確認 at the close counts as "correct" and can no longer be reported.
 */
export async function classConfirmation(db: Db, roundId: number): Promise<(ClassConfirmation & { reported: number })[]> {
  const rows = await db
    .with('per', () => perStudent(db, roundId))
    .selectFrom('per')
    .innerJoin('students as s', 's.id', 'per.student_id')
    .select('s.class_name as className')
    .select([
      sql<number>`count(*)`.as('students'),
      sql<number>`sum(per.pending)`.as('unconfirmed'),
      sql<number>`sum(per.reported)`.as('reported'),
    ])
    .groupBy('s.class_name')
    .orderBy(sql`1.0 * (count(*) - sum(per.pending)) / count(*)`)
    .orderBy('s.class_name')
    .execute()
  return rows.map((r) => ({ ...r, rate: (r.students - r.unconfirmed) / r.students }))
}

/**
 * Distinct students with at least one 未確認 (kind, term) of the round. The importer records
 * this on each confirmation batch (import_batches.unconfirmed_students) for the trend.
 */
export async function countUnconfirmedStudents(db: Db, roundId: number): Promise<number> {
  const row = await confirmationsOfRound(db, roundId)
    .select(sql<number>`count(DISTINCT c.student_id)`.as('n'))
    .where('c.state', '=', 'unconfirmed')
    .executeTakeFirstOrThrow()
  return row.n
}

/**
 * Unconfirmed students at the end of each sitting of confirmation imports of the round, oldest
 * first. A morning's export arrives as several files imported minutes apart (import/sittings.ts):
 * the count after the first file covers only its kinds, so a point per file drew rises that
 * never happened (on the fixture school: 191 → 501 on the first morning). The sitting's last
 * import is where it stands; each import's own count stays on its batch (the 匯入 page lists it).
 */
export async function unconfirmedTrend(db: Db, roundId: number): Promise<TrendPoint[]> {
  const rows = await db
    .selectFrom('import_batches')
    .select(['id', 'imported_at', 'file_name', 'unconfirmed_students'])
    .where('round_id', '=', roundId)
    .where('unconfirmed_students', 'is not', null)
    .orderBy('imported_at')
    .orderBy('id')
    .execute()
  return lastOfEachSitting(rows).map((r) => ({
    batchId: r.id, importedAt: r.imported_at, fileName: r.file_name, unconfirmedStudents: r.unconfirmed_students!,
  }))
}
