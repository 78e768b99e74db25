import type BetterSqlite3 from 'better-sqlite3'

// A write of tens of thousands of rows (an import) goes through a rollback journal instead of the
// WAL, as SQLite's own documentation advises for transactions of more than a few dozen megabytes
// (https://sqlite.org/wal.html, "very large write transactions"). In WAL mode every page is
// written twice, into the WAL and then, at the commit's checkpoint, into the file: for the
// 110,000-row course workbook (≈ 120 MB) the COMMIT held the thread ≈ 230–300 ms. A rollback
// journal keeps only the old content of the pages the write changes (new pages need none), so
// the pages are written once and the COMMIT takes ≈ 60 ms. It is as safe: with synchronous=FULL
// the journal is synced before the file is touched, and a write cut short (a crash, a power cut)
// leaves a hot journal that SQLite rolls back at the next open, before anything reads the file.
//
// Only a connection alone on the file may leave WAL mode. When another process has the file open
// (the app while the CLI imports), SQLite refuses at once and the write stays in the WAL. While
// the write runs, another process can still read the file until the write's pages spill to it.

/** The busy timeout every connection runs with (store.ts). */
export const BUSY_TIMEOUT_MS = 5000

/** Leaves WAL mode for the coming write; false when another connection holds the file (it stays in WAL). */
export function toRollbackJournal(sqlite: BetterSqlite3.Database): boolean {
  // Without a busy timeout: another process's connection refuses the change at once, never after 5 s.
  sqlite.pragma('busy_timeout = 0')
  try {
    return sqlite.pragma('main.journal_mode = DELETE', { simple: true }) === 'delete'
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return false
    throw error
  } finally {
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  }
}

/** Back to WAL mode once the write is committed or rolled back; every open sets it again anyway. */
export function backToWal(sqlite: BetterSqlite3.Database): void {
  try {
    sqlite.pragma('main.journal_mode = WAL')
  } catch {
    // Another process opened the file meanwhile and holds it: this connection goes on with the
    // rollback journal (as safe), and the next open of the file sets WAL again.
  }
}
