import type BetterSqlite3 from 'better-sqlite3'
import { crashTestHold } from '../crashTestHold'
import { nextTurn, ROWS_PER_TURN } from '../eventLoop'

/**
 * One write transaction — all or nothing — whose body is a generator that yields once per row
 * written. Every `ROWS_PER_TURN` rows it reports how many are written and lets the event loop
 * run, so that a 100,000-row import does not freeze the window: its progress polls, and every
 * call that needs no database, are answered meanwhile.
 *
 * The caller must hold kysely's connection (`db.connection().execute`), so that no other query
 * or transaction of the app runs inside this one while it waits.
 */
export async function steppedTransaction(
  sqlite: BetterSqlite3.Database,
  body: () => Iterator<unknown>,
  progress: (rowsWritten: number) => void = () => undefined,
): Promise<void> {
  sqlite.exec('BEGIN IMMEDIATE')
  try {
    const steps = body()
    let written = 0
    while (!steps.next().done) {
      written += 1
      if (written % ROWS_PER_TURN === 0) {
        progress(written)
        await nextTurn()
        await crashTestHold(`writing:${written}`)
      }
    }
    sqlite.exec('COMMIT')
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
    throw error
  }
}
