import { CompiledQuery } from 'kysely'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { finished } from 'node:stream/promises'
import type { BulkWriter, Db } from '../store'

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

/** Rows per piece of a COPY's text: each piece is one write to the socket. */
const COPY_ROWS = 1000

/**
 * A value in COPY's text format: \N for null; in text, the backslash and the characters that
 * separate columns and rows escaped (https://www.postgresql.org/docs/current/sql-copy.html).
 */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N'
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value === 'boolean') return value ? 't' : 'f'
  const text = String(value)
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : text
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/** The rows as COPY's text, a thousand rows a piece. */
function* copyLines(columns: string[], rows: Record<string, unknown>[]): Generator<string> {
  for (let start = 0; start < rows.length; start += COPY_ROWS) {
    let piece = ''
    for (let r = start; r < Math.min(rows.length, start + COPY_ROWS); r++) {
      const row = rows[r]
      for (let c = 0; c < columns.length; c++) piece += (c ? '\t' : '') + copyValue(row[columns[c]])
      piece += '\n'
    }
    yield piece
  }
}

/** Parameters per statement: PostgreSQL takes at most 65,535; fewer keep each message small. */
const MAX_PARAMS = 30_000
const MAX_ROWS = 1000

/**
 * Rows written in bulk, not a statement per row: COPY, or INSERT … VALUES (…), (…) RETURNING id
 * when the ids are asked; UPDATE … FROM (VALUES …) with each value cast to its column's type;
 * DELETE … WHERE id = ANY(…). Every await is real I/O, so the event loop runs between chunks.
 */
export class PgBulkWriter implements BulkWriter {
  written = 0
  /** Rows written to each table: the store brings the planner's statistics up to date after many. */
  readonly writtenTo = new Map<string, number>()
  private readonly columnTypes = new Map<string, Map<string, string>>()

  private copyClient: Promise<pg.ClientBase> | null = null
  /** The COPY sent last, until the server has stored it. */
  private storing: Promise<void> | null = null
  /** What the server refused in a COPY of this write: the cause of the errors that follow it. */
  refused: unknown = null

  /** @param client the driver's client under `db`, for COPY (asked for at the first COPY). */
  constructor(
    private readonly db: Db,
    private readonly client: () => Promise<pg.ClientBase>,
    private readonly progress: (rowsWritten: number) => void = () => undefined,
  ) {}

  /** Waits for the COPY sent last to be stored; throws what the server refused in it. */
  async settled(): Promise<void> {
    const storing = this.storing
    this.storing = null
    if (storing) await storing
  }

  private async query<R>(text: string, parameters: unknown[]): Promise<R[]> {
    await this.settled()
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
   * Rows whose ids nobody asks for (an import's records) go in by COPY … FROM STDIN, in COPY's
   * text format, on the write's own connection: the server parses each row as it comes, with no
   * statement to plan and no parameter to bind. (As VALUES lists the 110,000-row course file's
   * inserts took 5.5 s; as one array per column unnested 4.7 s, 1.7 s of it building the arrays.)
   *
   * This returns once the rows are on their way, not once the server has stored them: the server
   * stores a part while the import makes the next (two cores at work, not one after the other).
   * The next statement of the write waits for it (`settled`), and a refused row fails the write.
   */
  private async insertColumns(table: string, columns: string[], rows: Record<string, unknown>[]): Promise<number[]> {
    await this.settled()
    const client = await (this.copyClient ??= this.client())
    const copy = client.query(copyFrom(`COPY ${quote(table)} (${columns.map(quote).join(', ')}) FROM STDIN`))
    const stored = finished(copy)
    stored.catch((error: unknown) => (this.refused ??= error))
    this.storing = stored
    const pieces = [...copyLines(columns, rows)]
    // The last piece's callback fires once it is written to the socket; an error of the server (a
    // missing column) can end the COPY first.
    const sent = new Promise<void>((resolve) => pieces.forEach((piece, i) => copy.write(piece, i === pieces.length - 1 ? () => resolve() : undefined)))
    copy.end()
    await Promise.race([sent, stored])
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
