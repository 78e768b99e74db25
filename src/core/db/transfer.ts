import { sql } from 'kysely'
import { AppError } from '../errors'
import { tablesWrittenByTriggers } from './sqlite/file'
import type { SqliteStore } from './sqlite/store'
import type { Store } from './store'

// Moving a school's data from this PC's SQLite file to the school's PostgreSQL server: every row of
// every table, history included, in ONE transaction on the server (all or nothing), ids kept so
// that every reference still points where it did. The tables triggers keep (the queue's counts and
// search grams) are rebuilt by the server's own triggers as the items arrive.

const CHUNK = 2000

/** Tables the copy leaves alone: the migration bookkeeping, and the server's own change mark. */
const NOT_COPIED = new Set(['change_marks'])

export interface TableCopy {
  table: string
  rows: number
}

interface TablePlan {
  table: string
  rows: number
  hasId: boolean
  /** Columns that point at the same table (report_items.duplicate_of_id): filled in after every row is there. */
  selfRefs: string[]
}

function plan(local: SqliteStore): TablePlan[] {
  const { sqlite } = local
  const kept = new Set(tablesWrittenByTriggers(sqlite))
  const tables = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
    AND name NOT LIKE 'kysely_%' ORDER BY rowid`).all() as { name: string }[]).map((r) => r.name)
  const copied = tables.filter((t) => !kept.has(t) && !NOT_COPIED.has(t))
  const refsOf = new Map(copied.map((t) => [t, sqlite.pragma(`foreign_key_list("${t}")`) as { table: string; from: string }[]]))
  return referencedFirst(copied, (t) => refsOf.get(t)!.map((r) => r.table)).map((table) => {
    const columns = sqlite.pragma(`table_info("${table}")`) as { name: string; pk: number }[]
    return {
      table,
      rows: (sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n,
      hasId: columns.some((c) => c.name === 'id' && c.pk === 1),
      selfRefs: refsOf.get(table)!.filter((r) => r.table === table).map((r) => r.from),
    }
  })
}

/**
 * The tables in an order where each comes after the tables it references (creation order is not
 * that: a migration that rebuilds a table, as 0010 rebuilds report_items, creates it anew after
 * the tables that point at it). Self-references are filled in afterwards, so they do not count.
 */
export function referencedFirst(tables: string[], references: (table: string) => string[]): string[] {
  const ordered: string[] = []
  const placed = new Set<string>()
  const visiting = new Set<string>()
  const place = (t: string): void => {
    if (placed.has(t) || !tables.includes(t)) return
    if (visiting.has(t)) throw new Error(`foreign keys go round in a circle through ${t}`)
    visiting.add(t)
    for (const r of references(t)) if (r !== t) place(r)
    visiting.delete(t)
    placed.add(t)
    ordered.push(t)
  }
  for (const t of tables) place(t)
  return ordered
}

/** Whether the server's database already holds a school's data (then nothing is copied over it). */
export async function serverHoldsData(server: Store): Promise<boolean> {
  const row = await sql<{ n: number }>`SELECT (SELECT count(*) FROM students) + (SELECT count(*) FROM import_batches)
    + (SELECT count(*) FROM report_items) AS n`.execute(server.db)
  return row.rows[0].n > 0
}

/**
 * Copies every row of `local` into `server` (both at this version's schema). Refused when the
 * server already holds data. The server's settings and rounds (made when a PC first opened it)
 * give way to the file's.
 */
export async function copyFileToServer(
  local: SqliteStore,
  server: Store,
  progress: (done: number, total: number) => void = () => undefined,
): Promise<TableCopy[]> {
  if (server.backend !== 'postgres') throw new Error('the copy goes to a server')
  const tables = plan(local)
  const total = tables.reduce((n, t) => n + t.rows, 0)
  return server.write(async (w) => {
    if (await serverHoldsData(server)) {
      throw new AppError('server-not-empty', '伺服器上的資料庫已經有學校的資料，不會把這台電腦的資料蓋過去。請資訊組準備一個空的資料庫。')
    }
    for (const { table } of [...tables].reverse()) await w.run(`DELETE FROM "${table}"`)
    let done = 0
    const copied: TableCopy[] = []
    for (const t of tables) {
      const later: { id: number; values: Record<string, unknown> }[] = []
      // Rows with an id in chunks, in id order (each chunk one seek); the few tables without one whole.
      const next = t.hasId ? local.sqlite.prepare(`SELECT * FROM "${t.table}" WHERE id > ? ORDER BY id LIMIT ${CHUNK}`) : null
      let after = 0
      for (;;) {
        const rows = (next ? next.all(after) : local.sqlite.prepare(`SELECT * FROM "${t.table}"`).all()) as Record<string, unknown>[]
        if (rows.length === 0) break
        for (const row of rows) {
          const refs = Object.fromEntries(t.selfRefs.filter((c) => row[c] !== null).map((c) => [c, row[c]]))
          if (Object.keys(refs).length) later.push({ id: row.id as number, values: refs })
          for (const c of t.selfRefs) row[c] = null
        }
        await w.bulk.insert(t.table as never, rows as never)
        done += rows.length
        progress(done, total)
        if (!next) break
        after = rows[rows.length - 1].id as number
      }
      for (const { id, values } of later) await w.bulk.update(t.table as never, [{ id, ...values }] as never)
      if (t.hasId) {
        await w.run(`SELECT setval(pg_get_serial_sequence('"${t.table}"', 'id'), coalesce(max(id), 1), max(id) IS NOT NULL) FROM "${t.table}"`)
      }
      copied.push({ table: t.table, rows: t.rows })
    }
    return copied
  })
}
