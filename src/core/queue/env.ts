import { dialectOf } from '../db/dialect'
import type { Round } from '../db/schema'
import type { Db } from '../db/store'
import { lastSittingStart } from '../import/sittings'
import { getCurrentRound } from '../rounds/store'
import { roundTerms } from '../rounds/view'
import type { QueueEnv } from './filters'
import type { QueueReader } from './reader'

/** How many of the latest import times are looked at to find where the last sitting began. */
const SITTING_LOOKBACK = 200

/**
 * What the queue's SQL needs besides the filter: when the last sitting of confirmation imports
 * began ("new or changed since the last import"), the current round and its kind × terms (investigation
 * deadlines), and now (core's clock). For triage and the detail pane, through kysely; a
 * search is looked up by each query that needs it.
 */
export async function queueEnv(db: Db, now: string): Promise<QueueEnv> {
  const [imports, round] = await Promise.all([
    db
      .selectFrom('import_batches')
      .select('imported_at')
      .distinct()
      .where('file_kind', '=', 'confirmation')
      .orderBy('imported_at', 'desc')
      .limit(SITTING_LOOKBACK)
      .execute(),
    getCurrentRound(db),
  ])
  return {
    latestImportAt: lastSittingStart(imports.map((r) => r.imported_at)),
    round: round ? { round, terms: (await roundTerms(db, round.id)).map((t) => `${t.kind}|${t.term}`) } : null,
    now,
    search: 'inline',
    dialect: dialectOf(db),
  }
}

export const QUEUE_TUNING = {
  /**
   * Up to how many hits a search's items lead the queries. Each hit costs a primary-key read
   * (≈ 1 µs) per query, each item on an index path a step (≈ 0.05 µs) plus, with a search, a
   * look-up in the hits (≈ 0.3 µs): leading pays while the hits are a small share of the
   * items. (Tests set it to 0 to check the other path gives the same answers.)
   */
  maxLeadingHits: 5000,
}

/** What a queue call's env holds that only a write can change (kept between calls on a server: keptEnv.ts). */
export type EnvBase = Pick<QueueEnv, 'latestImportAt' | 'round'>

/** The env's reads, which do not wait for one another (on a server they go out together). */
export async function readEnvBase(reader: QueueReader): Promise<EnvBase> {
  const [imports, round, terms] = await Promise.all([
    reader.all<{ imported_at: string }>(
      `SELECT DISTINCT imported_at FROM import_batches WHERE file_kind = 'confirmation' ORDER BY imported_at DESC LIMIT ?`,
      SITTING_LOOKBACK,
    ),
    reader.get<Round>(`SELECT * FROM rounds WHERE is_current = 1`),
    reader.all<{ pair: string }>(`SELECT kind || '|' || term AS pair FROM round_terms
      WHERE round_id = (SELECT id FROM rounds WHERE is_current = 1) ORDER BY kind, term`),
  ])
  return {
    latestImportAt: lastSittingStart(imports.map((r) => r.imported_at)),
    round: round ? { round, terms: terms.map((t) => t.pair) } : null,
  }
}

/** A call's env: the base, now, and how its search was found (`hits`: see QueueReader.resolveSearch). */
export function envOf(base: EnvBase, now: string, hits: number | null, reader: QueueReader): QueueEnv {
  return {
    ...base,
    now,
    search: hits === null ? 'none' : hits <= QUEUE_TUNING.maxLeadingHits ? 'hitsLead' : 'hits',
    dialect: reader.dialect,
  }
}

/**
 * The same for one queue call on the reader; a search is found once, for all its queries. The
 * reads do not wait for one another: on a server they go out together (one round trip).
 */
export async function readQueueEnv(reader: QueueReader, now: string, search = ''): Promise<QueueEnv> {
  const [base, hits] = await Promise.all([readEnvBase(reader), reader.resolveSearch(search)])
  return envOf(base, now, hits, reader)
}

export type RoundScope = { round: Round; terms: string[] }
