import type BetterSqlite3 from 'better-sqlite3'
import type { Db, FileOps, FileSession } from '../store'

// The SQLite file's own operations, for backups and restore (core/backup decides names, notes and
// what is kept): a consistent copy of the open file, and every row replaced by a backup's.

/** Tables holding data, in creation order (parents before children). */
function dataTables(sqlite: BetterSqlite3.Database): string[] {
  return (
    sqlite
      .prepare(`SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY rowid`)
      .all() as { name: string }[]
  ).map((r) => r.name)
}

/**
 * The tables that triggers write (today the queue's kept counts and search grams, migrations
 * 0003 and 0005), read from the triggers' own SQL so that one a later migration adds is found too.
 */
export function tablesWrittenByTriggers(sqlite: BetterSqlite3.Database): string[] {
  const tables = dataTables(sqlite)
  const bodies = (sqlite.prepare(`SELECT sql FROM main.sqlite_master WHERE type = 'trigger'`).all() as { sql: string }[])
    .map((r) => r.sql.slice(r.sql.search(/\bBEGIN\b/i)))
  const written = new Set<string>()
  for (const body of bodies) {
    for (const m of body.matchAll(/\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+(?:main\.)?["`[]?(\w+)/gi)) {
      if (tables.includes(m[1])) written.add(m[1])
    }
  }
  return tables.filter((t) => written.has(t))
}

/**
 * Replaces every row of the live DB with the backup's (attached as restore_source), in one
 * transaction. Inserting a backup's report items fires the triggers that keep the count and
 * search tables, so copying those tables too would add every count twice (or break their keys).
 * They are copied exactly as the backup holds them, last: emptied first (so the deletes'
 * triggers have nothing to count down), left to the triggers while the rest is copied, then
 * emptied again and filled from the backup. The backup's rows are the truth — for a table a
 * trigger writes but that is not derived (an audit trail), rebuilding it would lose rows.
 */
function copyAllRows(live: BetterSqlite3.Database): void {
  const kept = tablesWrittenByTriggers(live)
  const written = dataTables(live).filter((t) => !kept.includes(t))
  const copy = (table: string) => {
    const columns = (live.pragma(`main.table_info("${table}")`) as { name: string }[]).map((c) => `"${c.name}"`).join(', ')
    live.prepare(`INSERT INTO main."${table}" (${columns}) SELECT ${columns} FROM restore_source."${table}"`).run()
  }
  const empty = (table: string) => live.prepare(`DELETE FROM main."${table}"`).run()
  live.transaction(() => {
    live.pragma('defer_foreign_keys = ON')
    kept.forEach(empty)
    ;[...written].reverse().forEach(empty)
    written.forEach(copy)
    kept.forEach(empty)
    kept.forEach(copy)
  })()
}

/** The file operations on the open connection; the caller holds kysely's connection. */
export function fileSession(sqlite: BetterSqlite3.Database): FileSession {
  return {
    // SQLite's online backup: a consistent copy while the DB stays open. Only outside a
    // transaction: a copy taken inside one misses what the WAL holds.
    async copyTo(target, progress) {
      if (sqlite.inTransaction) throw new Error('a backup cannot be taken inside a transaction')
      await (progress ? sqlite.backup(target, { progress }) : sqlite.backup(target))
    },
    async migrations() {
      return (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name)
    },
    async replaceFrom(source) {
      sqlite.prepare('ATTACH DATABASE ? AS restore_source').run(source)
      try {
        copyAllRows(sqlite)
      } finally {
        sqlite.prepare('DETACH DATABASE restore_source').run()
      }
    },
  }
}

export function sqliteFileOps(path: string, db: Db, sqlite: BetterSqlite3.Database): FileOps {
  return {
    path,
    exclusive: (fn) => db.connection().execute(() => fn(fileSession(sqlite))),
  }
}
