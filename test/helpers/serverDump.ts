import { sql } from 'kysely'
import type { TempCore } from './tempCore'

/** Every row of every table of a core on a server, in a stable order: the database's logical content. */
export async function serverDump(t: TempCore, except: string[] = []): Promise<Record<string, unknown[]>> {
  const { db } = t.core.ctx
  const tables = (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_%'
    ORDER BY table_name`.execute(db)).rows.map((r) => r.name).filter((name) => !except.includes(name))
  if (tables.length < 10) throw new Error(`serverDump: only ${tables.length} tables found`)
  const dump: Record<string, unknown[]> = {}
  // A row's text orders it whole (its id first where it has one).
  for (const name of tables) dump[name] = (await sql`SELECT * FROM ${sql.table(name)} AS r ORDER BY r::text`.execute(db)).rows
  return dump
}
