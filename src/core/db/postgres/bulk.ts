import { CompiledQuery } from 'kysely'
import type { BulkWriter, Db } from '../store'

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

/** Parameters per statement: PostgreSQL takes at most 65,535; fewer keep each message small. */
const MAX_PARAMS = 30_000
const MAX_ROWS = 1000

/**
 * Rows written as multi-row statements (one round trip per thousand rows, not per row): INSERT …
 * SELECT FROM unnest(one array per column), or VALUES (…), (…) RETURNING id when the ids are asked; UPDATE … FROM (VALUES …) with each value cast to its column's type;
 * DELETE … WHERE id = ANY(…). Every await is real I/O, so the event loop runs between chunks.
 */
export class PgBulkWriter implements BulkWriter {
  written = 0
  /** Rows written to each table: the store brings the planner's statistics up to date after many. */
  readonly writtenTo = new Map<string, number>()
  private readonly columnTypes = new Map<string, Map<string, string>>()

  constructor(
    private readonly db: Db,
    private readonly progress: (rowsWritten: number) => void = () => undefined,
  ) {}

  private async query<R>(text: string, parameters: unknown[]): Promise<R[]> {
    const result = await this.db.executeQuery<R>(CompiledQuery.raw(text, parameters))
    return result.rows
  }

  private counted(table: string, rows: number) {
    this.writtenTo.set(table, (this.writtenTo.get(table) ?? 0) + rows)
    this.written += rows
    this.progress(this.written)
  }

  private static chunks<T>(rows: T[], columns: number): T[][] {
    const size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / Math.max(1, columns))))
    const out: T[][] = []
    for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
    return out
  }

  async insert(table: string, rows: Record<string, unknown>[], options: { ids?: boolean } = {}): Promise<number[]> {
    if (rows.length === 0) return []
    const columns = Object.keys(rows[0])
    if (!options.ids) return this.insertColumns(table, columns, rows)
    const ids: number[] = []
    for (const chunk of PgBulkWriter.chunks(rows, columns.length)) {
      const parameters: unknown[] = []
      const tuples = chunk.map((row) => `(${columns.map((c) => `$${parameters.push(row[c] ?? null)}`).join(', ')})`)
      const text = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${tuples.join(', ')}${options.ids ? ' RETURNING id' : ''}`
      const result = await this.query<{ id: number }>(text, parameters)
      if (options.ids) ids.push(...result.map((r) => r.id))
      this.counted(table, chunk.length)
    }
    return ids
  }

  /**
   * Rows whose ids nobody asks for (an import's records) go in as one array per column, unnested by
   * the server: INSERT … SELECT * FROM unnest($1::integer[], $2::text[], …). A statement of a
   * thousand rows then has one parameter per column instead of one per value, which the server
   * parses and plans at once: the 110,000-row course file's inserts took 5.5 s as VALUES lists.
   */
  private async insertColumns(table: string, columns: string[], rows: Record<string, unknown>[]): Promise<number[]> {
    const types = await this.typesOf(table)
    const arrays = columns.map(() => new Array<unknown>(rows.length))
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]
      for (let c = 0; c < columns.length; c++) arrays[c][r] = row[columns[c]] ?? null
    }
    const unnested = columns.map((c, i) => `$${i + 1}::${types.get(c) ?? 'text'}[]`).join(', ')
    await this.query(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) SELECT * FROM unnest(${unnested})`, arrays)
    this.counted(table, rows.length)
    return []
  }

  async update(table: string, rows: ({ id: number } & Record<string, unknown>)[]): Promise<void> {
    if (rows.length === 0) return
    const columns = ['id', ...Object.keys(rows[0]).filter((c) => c !== 'id')]
    const types = await this.typesOf(table)
    for (const chunk of PgBulkWriter.chunks(rows, columns.length)) {
      const parameters: unknown[] = []
      const tuples = chunk.map((row) =>
        `(${columns.map((c) => `$${parameters.push((row as Record<string, unknown>)[c] ?? null)}::${types.get(c) ?? 'text'}`).join(', ')})`)
      const sets = columns.slice(1).map((c) => `${quote(c)} = v.${quote(c)}`).join(', ')
      await this.query(
        `UPDATE ${quote(table)} AS t SET ${sets} FROM (VALUES ${tuples.join(', ')}) AS v(${columns.map(quote).join(', ')}) WHERE t.id = v.id`,
        parameters,
      )
      this.counted(table, chunk.length)
    }
  }

  async delete(table: string, ids: number[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 10_000) {
      const chunk = ids.slice(i, i + 10_000)
      await this.query(`DELETE FROM ${quote(table)} WHERE id = ANY($1::integer[])`, [chunk])
      this.counted(table, chunk.length)
    }
  }

  /** Each column's type, to cast the parameters of an UPDATE … FROM (VALUES …) (which PostgreSQL cannot infer). */
  private async typesOf(table: string): Promise<Map<string, string>> {
    let types = this.columnTypes.get(table)
    if (!types) {
      const rows = await this.query<{ name: string; type: string }>(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
          WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
        [table],
      )
      types = new Map(rows.map((r) => [r.name, r.type]))
      this.columnTypes.set(table, types)
    }
    return types
  }
}
