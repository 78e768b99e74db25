import { sql } from 'kysely'
import { IMPORTED_TABLES, type ImportedTable, type ImportUndoCounts } from '../../../shared/contract/import'
import type { Round, RoundTermsTable } from '../../db/schema'
import type { BulkWriter, Db } from '../../db/store'

// What an import on a school's server did, kept so that the operator who made it can undo it
// (undo.ts) until the next import: each row it changed or removed as it was before (read in the
// import's own transaction, just before the bulk writer changes it), and the round it replaced.
// The rows it added are found by their first_batch_id; the writer makes sure every one carries it.

/** A row's values as the journal keeps them (JSON). */
export type RowValues = Record<string, unknown>

/** The untouched default round an import replaced (rounds/fit.ts adoptRound), to be put back. */
export interface RoundBefore {
  round: Round
  terms: RoundTermsTable[]
  /** The batches (rosters) the adoption moved to the new round. */
  batches: number[]
}

const CHUNK = 5000

export class ImportJournal {
  private readonly before = new Map<string, Map<number, { change: 'updated' | 'deleted'; values: RowValues }>>()
  private readonly added = new Map<string, number>()
  private roundBefore: RoundBefore | null = null
  private roundAfter: number | null = null

  private constructor(private readonly db: Db, private readonly stepsBefore: number) {}

  /** Starts the journal of an import, inside its write (before anything is written). */
  static async start(db: Db): Promise<ImportJournal> {
    const last = await db.selectFrom('change_steps').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst()
    return new ImportJournal(db, Number(last?.id ?? 0))
  }

  /** The round about to be replaced, as it is now (call before adoptRound). */
  async roundReplaced(round: Round): Promise<void> {
    const terms = await this.db.selectFrom('round_terms').selectAll().where('round_id', '=', round.id).execute()
    const batches = await this.db.selectFrom('import_batches').select('id').where('round_id', '=', round.id).execute()
    this.roundBefore = { round, terms, batches: batches.map((b) => b.id) }
  }

  roundAdopted(id: number): void {
    this.roundAfter = id
  }

  /** `bulk`, keeping the before-state of every row it is asked to change or remove. */
  writer(bulk: BulkWriter, batchId: number): BulkWriter {
    const journal = this
    return {
      get written() {
        return bulk.written
      },
      async insert(table, rows, options) {
        // Undo removes what the import added by its batch: a row without it would stay behind.
        if (rows.some((r) => (r as { first_batch_id?: number }).first_batch_id !== batchId)) {
          throw new Error(`an import's new ${table} rows must carry its batch (first_batch_id)`)
        }
        journal.added.set(table, (journal.added.get(table) ?? 0) + rows.length)
        return bulk.insert(table, rows, options)
      },
      async update(table, rows) {
        if (rows.length === 0) return
        const columns = Object.keys(rows[0]).filter((c) => c !== 'id')
        await journal.keep(table, rows.map((r) => r.id), 'updated', columns)
        await bulk.update(table, rows)
      },
      async delete(table, ids) {
        await journal.keep(table, ids, 'deleted', null)
        await bulk.delete(table, ids)
      },
    }
  }

  /**
   * The rows as they are now: the given columns (a change), or the whole row (a removal). A row
   * changed twice by one import (a roster clears a national ID before moving it) keeps its
   * values from before the first change.
   */
  private async keep(table: string, ids: number[], change: 'updated' | 'deleted', columns: string[] | null): Promise<void> {
    let kept = this.before.get(table)
    if (!kept) this.before.set(table, (kept = new Map()))
    const select = columns ? sql.join([sql.ref('id'), ...columns.map((c) => sql.ref(c))]) : sql`*`
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK)
      const { rows } = await sql<RowValues>`SELECT ${select} FROM ${sql.table(table)} WHERE id IN (${sql.join(chunk)})`.execute(this.db)
      for (const row of rows) {
        const id = Number(row.id)
        const earlier = kept.get(id)
        const values = { ...row }
        delete values.id
        kept.set(id, { change: change === 'deleted' || earlier?.change === 'deleted' ? 'deleted' : 'updated', values: { ...values, ...earlier?.values } })
      }
    }
  }

  /** Writes the journal of batch `batchId`, in place of the previous import's (only the last is kept). */
  async save(batchId: number): Promise<void> {
    const { db } = this
    await db.deleteFrom('import_undo_rows').execute()
    await db.deleteFrom('import_undo').execute()
    await db.insertInto('import_undo').values({
      batch_id: batchId,
      steps_before: this.stepsBefore,
      counts: JSON.stringify(this.counts()),
      round_before: this.roundBefore && JSON.stringify(this.roundBefore),
      round_after: this.roundAfter,
    }).execute()
    const rows = [...this.before].flatMap(([table, kept]) => [...kept].map(([id, { change, values }]) => ({
      batch_id: batchId, table_name: table, row_id: id, change, before: JSON.stringify(values),
    })))
    for (let i = 0; i < rows.length; i += 1000) await db.insertInto('import_undo_rows').values(rows.slice(i, i + 1000)).execute()
  }

  private counts(): ImportUndoCounts[] {
    return IMPORTED_TABLES.map((table: ImportedTable) => {
      const kept = [...(this.before.get(table)?.values() ?? [])]
      return {
        table,
        added: this.added.get(table) ?? 0,
        updated: kept.filter((k) => k.change === 'updated').length,
        removed: kept.filter((k) => k.change === 'deleted').length,
      }
    }).filter((c) => c.added + c.updated + c.removed > 0)
  }
}
