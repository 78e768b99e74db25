import type BetterSqlite3 from 'better-sqlite3'
import { crashTestHold } from '../../crashTestHold'
import { nextTurn, ROWS_PER_TURN } from '../../eventLoop'
import type { BulkWriter } from '../store'
import { bindable, prepared } from './statements'

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

/**
 * Rows written one prepared statement at a time (SQLite is in-process: a statement per row costs
 * microseconds), letting the event loop run every ROWS_PER_TURN rows so that a 100,000-row import
 * does not freeze the window: its progress polls, and every call that needs no database, are
 * answered meanwhile. The caller is inside the write's transaction.
 */
export class SqliteBulkWriter implements BulkWriter {
  written = 0

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly progress: (rowsWritten: number) => void = () => undefined,
  ) {}

  /** Every ROWS_PER_TURN rows: progress, and a turn of the event loop (awaited only then: an await per row cost more than the row). */
  private countRow(): boolean {
    return ++this.written % ROWS_PER_TURN === 0
  }

  private async turn() {
    this.progress(this.written)
    await crashTestHold(`writing:${this.written}`)
    await nextTurn()
  }

  async insert(table: string, rows: Record<string, unknown>[], options: { ids?: boolean } = {}): Promise<number[]> {
    if (rows.length === 0) return []
    const columns = Object.keys(rows[0])
    const statement = prepared(
      this.sqlite,
      `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    )
    const ids: number[] = []
    // One array of parameters, filled for each row (the statement copies them as it binds).
    const values = new Array<unknown>(columns.length)
    for (const row of rows) {
      for (let i = 0; i < columns.length; i++) values[i] = bindable(row[columns[i]] ?? null)
      const result = statement.run(values)
      if (options.ids) ids.push(Number(result.lastInsertRowid))
      if (this.countRow()) await this.turn()
    }
    return ids
  }

  async update(table: string, rows: ({ id: number } & Record<string, unknown>)[]): Promise<void> {
    if (rows.length === 0) return
    const columns = Object.keys(rows[0]).filter((c) => c !== 'id')
    const statement = prepared(this.sqlite, `UPDATE ${quote(table)} SET ${columns.map((c) => `${quote(c)} = ?`).join(', ')} WHERE id = ?`)
    for (const row of rows) {
      statement.run(...columns.map((c) => bindable(row[c] ?? null)), row.id)
      if (this.countRow()) await this.turn()
    }
  }

  async delete(table: string, ids: number[]): Promise<void> {
    const statement = prepared(this.sqlite, `DELETE FROM ${quote(table)} WHERE id = ?`)
    for (const id of ids) {
      statement.run(id)
      if (this.countRow()) await this.turn()
    }
  }
}
