import { sql, type SqlBool } from 'kysely'
import { AWAITING_INVESTIGATION, type ItemStatus } from '../../shared/domain'
import { itemDeadline } from '../rounds/deadline'
import type { Condition, CubeGroup, QueueEnv } from './filters'

// Which queue rows have an investigation deadline to meet. The deadline itself — its rule in
// TypeScript and as thresholds on reported_at for the queue's SQL — is rounds/deadline.ts.

/** A column of report_items; `plain` keeps SQLite from using an index for it (see filters.ts). */
const col = (name: string, plain: boolean, env: QueueEnv) => (plain ? env.dialect.plainColumn(name) : sql.raw(`ri.${name}`))

/**
 * Items with a deadline to meet: awaiting investigation (new, checking), still listed, of a
 * kind × term the current round confirms — the rule 總覽 and 學生查詢 apply too.
 */
export function awaitingInRound(env: QueueEnv, plain = false): Condition {
  if (!env.round) return sql<SqlBool>`false`
  return sql<SqlBool>`(${col('status', plain, env)} IN (${sql.join([...AWAITING_INVESTIGATION])})
    AND ${col('vanished_at', plain, env)} IS NULL
    AND (ri.kind, ri.term) IN (VALUES ${sql.join(env.round.terms.map((t) => sql`(${t.split('|')[0]}, ${t.split('|')[1]})`))}))`
}

/** Does a cube group hold items with a deadline to meet (awaitingInRound, over its columns)? */
export function groupAwaits(group: CubeGroup, env: QueueEnv): boolean {
  return env.round !== null && AWAITING_INVESTIGATION.includes(group.status as ItemStatus) && group.vanished_at === null &&
    env.round.terms.includes(`${group.kind}|${group.term}`)
}

/** The same for one row, in TypeScript (what the queue and the detail pane show). */
export function rowDeadline(
  row: { status: ItemStatus; reported_at: string | null; vanished_at: string | null; kind: string; term: string },
  env: QueueEnv,
) {
  if (!env.round || row.vanished_at !== null || !env.round.terms.includes(`${row.kind}|${row.term}`)) return null
  return itemDeadline(row, env.round.round, env.now)
}
