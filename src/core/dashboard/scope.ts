import type { Db } from '../db/store'

/**
 * A round covers the (kind, term) pairs of its round_terms: what counts towards it is every
 * confirmation and report item of those pairs. The same rule the importer uses for the
 * trend's `unconfirmed_students`, so the two never disagree.
 */
export const reportItemsOfRound = (db: Db, roundId: number) =>
  db
    .selectFrom('report_items as ri')
    .innerJoin('round_terms as rt', (join) =>
      join.onRef('rt.kind', '=', 'ri.kind').onRef('rt.term', '=', 'ri.term').on('rt.round_id', '=', roundId),
    )

export const confirmationsOfRound = (db: Db, roundId: number) =>
  db
    .selectFrom('confirmations as c')
    .innerJoin('round_terms as rt', (join) =>
      join.onRef('rt.kind', '=', 'c.kind').onRef('rt.term', '=', 'c.term').on('rt.round_id', '=', roundId),
    )
