import type { FileCoverage } from '../../shared/contract/import'
import type { ErrorType, Kind } from '../../shared/domain'
import type { Round } from '../db/schema'
import type { Db } from '../db/store'
import { roundFit, type KindTerm } from '../rounds/fit'
import { defaultTerms } from '../rounds/timeline'
import type { Analysis } from './analyse'
import type { ConfirmationRow } from './kinds/confirmations'

// What a confirmation file speaks for (issue 10, item 4). Offices export one class, one kind or
// one day as often as the whole school, so a report item is flagged 已自最新名單消失 only where
// its file speaks for it:
//
// - Wide confirmation results (one row per student × kind × term) speak for the rows they hold:
//   an item vanishes only when its student's row of that kind × term is in the file and no
//   longer reports that error type (a column the file has is empty), or the state is no longer
//   'reported'. A student the file does not list is untouched.
// - The problem list (one row per error type; a student without a report has no row by nature)
//   speaks for each (kind, term, class) it holds rows of — the class as the roster has it — and,
//   where it carries 回報時間, only for the days from its first report to its last (an export of
//   one day says nothing of other days' items; an item without a time then is not covered).
//   Items inside that coverage which no row lists vanish.
//
// Rows with problems still protect their students (merge/confirmations.ts), inside the coverage
// as everywhere.

/** Whether a wide row speaks for one error type of its student × kind × term. */
export const wideRowSpeaksFor = (row: Pick<ConfirmationRow, 'state' | 'typesListed'>, type: ErrorType) =>
  row.state !== 'reported' || row.typesListed.includes(type)

const day = (timestamp: string) => timestamp.slice(0, 10)

/** The problem list's coverage: (kind, term, class) triples, and the days of its report times. */
export class ReportListCoverage {
  private readonly classes = new Map<string, Set<string>>()
  private first: string | null = null
  private last: string | null = null

  /** A row of the file, by its student's class in the roster. */
  add(kind: Kind, term: string, className: string, reportedAt: string | null) {
    const key = `${kind}|${term}`
    let set = this.classes.get(key)
    if (!set) this.classes.set(key, (set = new Set()))
    set.add(className)
    if (reportedAt) {
      if (this.first === null || day(reportedAt) < this.first) this.first = day(reportedAt)
      if (this.last === null || day(reportedAt) > this.last) this.last = day(reportedAt)
    }
  }

  /** Whether an item in the DB is one the file speaks for. */
  covers(item: { kind: Kind; term: string; className: string; reportedAt: string | null }): boolean {
    if (!this.classes.get(`${item.kind}|${item.term}`)?.has(item.className)) return false
    if (this.first === null || this.last === null) return true
    return item.reportedAt !== null && day(item.reportedAt) >= this.first && day(item.reportedAt) <= this.last
  }

  get days(): FileCoverage['days'] {
    return this.first && this.last ? { first: this.first, last: this.last } : null
  }
}

interface Listed {
  kind: Kind
  term: string
  studentNo: string | null
  nationalId: string | null
  reportedAt?: string | null
}

/**
 * What the import page says of a confirmation file before it is imported, when it speaks for
 * part of the school only: the classes it lists (when the roster has more), its kinds × terms
 * (when the current round confirms more), and a problem list's days. Null when it is all.
 */
export async function describeCoverage(db: Db, analysis: Analysis | null, round: Round | undefined): Promise<FileCoverage | null> {
  const data = analysis?.data
  if (!data || (data.shape !== 'confirmationWide' && data.shape !== 'confirmationLong')) return null
  const students = await db.selectFrom('students').select(['student_no', 'national_id', 'class_name']).execute()
  if (students.length === 0) return null
  const byNo = new Map(students.map((s) => [s.student_no, s.class_name]))
  const byId = new Map(students.filter((s) => s.national_id).map((s) => [s.national_id!, s.class_name]))
  const list = new ReportListCoverage()
  const classes = new Set<string>()
  const pairs = new Map<string, KindTerm>()
  for (const row of data.rows as Listed[]) {
    const className = row.studentNo ? byNo.get(row.studentNo) : byId.get(row.nationalId ?? '')
    if (className === undefined) continue
    classes.add(className)
    pairs.set(`${row.kind}|${row.term}`, { kind: row.kind, term: row.term })
    list.add(row.kind, row.term, className, data.shape === 'confirmationLong' ? (row.reportedAt ?? null) : null)
  }
  if (classes.size === 0) return null

  const rosterClasses = [...new Set(students.map((s) => s.class_name))].sort(compareClass)
  const roundPairs = await pairsOfRoundFor(db, round, [...pairs.values()])
  const coverage: FileCoverage = {
    classes: classes.size < rosterClasses.length ? classRuns(rosterClasses, classes) : null,
    kinds: roundPairs.some((p) => !pairs.has(`${p.kind}|${p.term}`)) ? kindsOf([...pairs.values()], roundPairs) : null,
    days: list.days,
  }
  return coverage.classes || coverage.kinds || coverage.days ? coverage : null
}

/** The pairs of the round the file will land in: the current one, or the one an import switches to. */
async function pairsOfRoundFor(db: Db, round: Round | undefined, pairs: KindTerm[]): Promise<KindTerm[]> {
  if (!round) return []
  const { adoptYear } = await roundFit(db, round, pairs)
  if (adoptYear !== null) return defaultTerms(adoptYear)
  return db.selectFrom('round_terms').select(['kind', 'term']).where('round_id', '=', round.id).execute()
}

/** The file's kinds, each with its terms unless they are just the round's terms of that kind. */
function kindsOf(pairs: KindTerm[], roundPairs: KindTerm[]): NonNullable<FileCoverage['kinds']> {
  return KIND_ORDER.flatMap((kind) => {
    const terms = pairs.filter((p) => p.kind === kind).map((p) => p.term).sort()
    if (terms.length === 0) return []
    const inRound = roundPairs.filter((p) => p.kind === kind).map((p) => p.term).sort()
    return [{ kind, terms: terms.join() === inRound.join() ? null : terms }]
  })
}

const compareClass = (a: string, b: string) => a.localeCompare(b, 'zh-TW', { numeric: true })
const KIND_ORDER: Kind[] = ['course', 'cadre', 'outcome', 'performance']

/** The listed classes, three or more in a row of the roster's order as one run: 101–110, 201, 203. */
function classRuns(roster: string[], listed: Set<string>): string[] {
  const runs: string[] = []
  let run: string[] = []
  const close = () => {
    runs.push(...(run.length >= 3 ? [`${run[0]}–${run[run.length - 1]}`] : run))
    run = []
  }
  for (const name of roster) {
    if (listed.has(name)) run.push(name)
    else close()
  }
  close()
  return runs
}
