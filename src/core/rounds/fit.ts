import type { RoundNotice } from '../../shared/contract/import'
import { KIND_LABELS, type Kind } from '../../shared/domain'
import { termsWithRecordsFor, yearOfTerm } from '../../shared/terms'
import type { Round } from '../db/schema'
import type { Db } from '../db/store'
import { defaultRound, defaultRoundName, defaultTerms } from './timeline'

// Imports attach to the current round, and the dashboard and the reports show only the
// (kind, term) pairs the round confirms. A file whose terms are outside the round would
// land where nobody looks; this says so before and after the import — and on a fresh DB,
// whose round was made from the clock rather than by a person, follows the data instead.

export interface KindTerm {
  kind: Kind
  term: string
}

export interface RoundFit {
  /** The file's pairs the current round does not confirm. */
  outside: KindTerm[]
  /** The school year to switch the untouched default round to, when that covers the file. */
  adoptYear: number | null
}

const key = (p: KindTerm) => `${p.kind}|${p.term}`

/**
 * Whether a set of pairs confirms a file's pair: the same one, or one of the same school year
 * where either is a whole year (a year-level file's records belong to both its terms).
 */
const confirms = (pairs: Set<string>, p: KindTerm) => termsWithRecordsFor(p.term).some((term) => pairs.has(key({ kind: p.kind, term })))

/** The school year whose round confirms a term or year: 1132 (113 學年度第 2 學期) or 113 → 114. */
const roundYearOf = (term: string) => Number(yearOfTerm(term)) + 1

export async function roundFit(db: Db, round: Round | undefined, pairs: KindTerm[]): Promise<RoundFit> {
  if (!round || pairs.length === 0) return { outside: [], adoptYear: null }
  const inRound = new Set(
    (await db.selectFrom('round_terms').select(['kind', 'term']).where('round_id', '=', round.id).execute()).map(key),
  )
  const outside = pairs.filter((p) => !confirms(inRound, p))
  if (outside.length === 0) return { outside, adoptYear: null }
  const year = Math.max(...pairs.map((p) => roundYearOf(p.term)))
  const covered = new Set(defaultTerms(year).map(key))
  const fitsDefault = year !== round.school_year && pairs.every((p) => confirms(covered, p))
  return { outside, adoptYear: fitsDefault && (await isUntouched(db, round)) ? year : null }
}

/** Made at first start and never edited, with nothing but rosters imported into it yet. */
async function isUntouched(db: Db, round: Round): Promise<boolean> {
  if (round.updated_by !== null) return false
  const batch = await db.selectFrom('import_batches').select('id').where('round_id', '=', round.id)
    .where('file_kind', '<>', 'roster').limit(1).executeTakeFirst()
  return batch === undefined
}

/**
 * Replaces the untouched default round by the default round of `year`, made current. Runs
 * inside the import's transaction. Returns the new round's id and name.
 */
export async function adoptRound(db: Db, old: Round, year: number, now: string): Promise<{ id: number; name: string }> {
  const round = defaultRound(year, now)
  // Not current first: only one round may be current at a time.
  await db.updateTable('rounds').set({ is_current: 0 }).where('id', '=', old.id).execute()
  const { id } = await db.insertInto('rounds').values(round).returning('id').executeTakeFirstOrThrow()
  await db.insertInto('round_terms').values(defaultTerms(year).map((t) => ({ round_id: id, kind: t.kind, term: t.term }))).execute()
  // The rosters imported so far belong to the round that replaces the default one.
  await db.updateTable('import_batches').set({ round_id: id }).where('round_id', '=', old.id).execute()
  await db.deleteFrom('rounds').where('id', '=', old.id).execute()
  return { id, name: round.name }
}

const describe = (pairs: KindTerm[]) => pairs.map((p) => `${KIND_LABELS[p.kind]} ${p.term}`).join('、')

/** What the user reads about the fit, before the import (`planned`) or after it. */
export function roundFitNotice(fit: RoundFit, round: Round | undefined, planned: boolean): RoundNotice | null {
  if (!round || fit.outside.length === 0) return null
  if (fit.adoptYear !== null) {
    const name = defaultRoundName(fit.adoptYear)
    const text = planned
      ? `這個檔案的學期（${describe(fit.outside)}）屬於 ${fit.adoptYear} 學年度；目前梯次「${round.name}」還沒有匯入資料，匯入時會改用「${name}」（可到「設定 → 收訖確認梯次」調整）。`
      : `目前梯次已改為「${name}」，以符合匯入資料的學期（可到「設定 → 收訖確認梯次」調整）。`
    return { tone: 'info', text }
  }
  const text = `注意：${describe(fit.outside)} 不在目前梯次「${round.name}」確認的學期內，匯入後不會列入總覽與報表。請到「設定 → 收訖確認梯次」加入這些學期或改選梯次。`
  return { tone: 'warning', text }
}
