import type { RoundNotice, RowProblem } from '../../shared/contract/import'
import type { CoreContext } from '../context'
import { roundFit, roundFitNotice } from '../rounds/fit'
import { getCurrentRound } from '../rounds/store'
import { kindTermsOf, studentColumnOf, type Analysis } from './analyse'
import { describeCoverage } from './coverage'
import { unknownStudent } from './merge/plan'
import type { Staged } from './staging'

// What a staged file reads as against the database as it is now: which students the roster
// lacks, how its terms fit the current round, what part of the school it speaks for. Worked
// out after each analysis, and again for every staged file after each import.

/** Rows naming a student the roster (as it is now) lacks: shown before import, skipped by it. */
async function unknownStudentRows(ctx: CoreContext, analysis: Analysis | null): Promise<RowProblem[]> {
  const data = analysis?.data
  if (!data || data.shape === 'roster') return []
  const students = await ctx.db.selectFrom('students').select(['student_no', 'national_id']).execute()
  const nos = new Set(students.map((s) => s.student_no))
  const ids = new Set(students.map((s) => s.national_id))
  const unknown: RowProblem[] = []
  const columnOf = studentColumnOf(analysis)
  for (const row of data.rows as { sheet: string; row: number; studentNo?: string | null; nationalId: string | null }[]) {
    if (row.studentNo ? nos.has(row.studentNo) : ids.has(row.nationalId)) continue
    unknown.push(unknownStudent(row, row.sheet, row.row, columnOf))
  }
  return unknown
}

async function roundNoticeFor(ctx: CoreContext, analysis: Analysis | null): Promise<RoundNotice | null> {
  if (!analysis) return null
  const round = await getCurrentRound(ctx.db)
  return roundFitNotice(await roundFit(ctx.db, round, kindTermsOf(analysis)), round, true)
}

/** What the file reads as against the roster and the round as they are now. */
export async function readAgainstDb(ctx: CoreContext, analysis: Analysis | null): Promise<Pick<Staged, 'unknownRows' | 'roundNotice' | 'coverage'>> {
  return {
    unknownRows: await unknownStudentRows(ctx, analysis),
    roundNotice: await roundNoticeFor(ctx, analysis),
    coverage: await describeCoverage(ctx.db, analysis, await getCurrentRound(ctx.db)),
  }
}
