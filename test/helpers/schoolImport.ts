import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { ImportSummary } from '../../src/shared/contract/import'
import { generateSchool, writeSchoolFiles, type FileKey, type School, type SchoolFiles } from '../fixtures/school'
import { commit, stage } from './importer'
import { tempDir, type TempCore } from './tempCore'
import { sqliteOf } from './sqliteOf'
import type { Store } from '../../src/core/db/store'

/** The order staff would load a school in: the roster first, records last. */
export const LOAD_ORDER: FileKey[] = [
  'roster', 'rosterBig5', 'confirmationsWide', 'confirmationsWideCsv', 'problemList',
  'course', 'cadre', 'performance1131', 'performance1132', 'outcome',
]

export async function writeSchool(school: School = generateSchool()): Promise<{ school: School; files: SchoolFiles }> {
  return { school, files: await writeSchoolFiles(school, join(tempDir('school-'), 'files')) }
}

export const bytesOf = (path: string) => new Uint8Array(readFileSync(path))

/** Imports one file from disk as a drop would, importing the rest of a file with bad rows. */
export async function importPath(t: TempCore, path: string, importRest = true): Promise<ImportSummary> {
  const staged = await stage(t, basename(path), bytesOf(path))
  if (staged.status !== 'ready') throw new Error(`${basename(path)}: ${staged.message}`)
  return commit(t, staged.id, importRest)
}

export async function importFiles(t: TempCore, files: SchoolFiles, keys: FileKey[] = LOAD_ORDER) {
  const summaries: Partial<Record<FileKey, ImportSummary>> = {}
  for (const key of keys) summaries[key] = await importPath(t, files[key])
  return summaries
}

/** Every row of every table (kysely's bookkeeping aside), each table's rows ordered by its primary key: the DB's logical content, in the same shape on either backend. */
export const dump = (t: TempCore, except: string[] = []) => dumpStore(t.core.ctx.store, except)

/** The same of a store opened outside a core (a file as the next start finds it). */
export async function dumpStore(store: Store, except: string[] = []): Promise<Record<string, unknown[]>> {
  // Temp tables of other sessions on a server are in schemas of their own: only the app's tables.
  const tables = (await store.db.introspection.getTables())
    .filter((table) => (table.schema ?? 'public') === 'public' && !except.includes(table.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
  return store.read(async (r) => {
    const dumped: Record<string, unknown[]> = {}
    for (const table of tables) {
      const keys = await r.all<{ name: string }>(store.backend === 'sqlite'
        ? `SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`
        : `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = CAST(? AS regclass) AND i.indisprimary ORDER BY array_position(CAST(i.indkey AS int2[]), a.attnum)`, table.name)
      // A table without a primary key is ordered by all its columns.
      const order = (keys.length ? keys.map((k) => k.name) : table.columns.map((c) => c.name)).map((c) => `"${c}"`).join(', ')
      dumped[table.name] = await r.all(`SELECT * FROM "${table.name}" ORDER BY ${order}`)
    }
    return dumped
  })
}

/**
 * The DB exactly as it is, to tell whether anything at all was written: on SQLite the file's
 * bytes after a checkpoint (so the WAL holds nothing), hashed with the WAL's; on a server, where
 * no file of ours exists, every row of every table. Two counters of the file's header are left
 * out: SQLite moves them on every transaction through a rollback journal (a large write,
 * db/sqlite/largeWrite.ts), one rolled back included, though no page of data changed.
 */
export async function stateHash(t: TempCore): Promise<string> {
  const hash = createHash('sha256')
  if (t.core.ctx.store.backend !== 'sqlite') return hash.update(JSON.stringify(await dump(t))).digest('hex')
  // The main file only: a test's TEMP trigger (a disk made to fail) would lock a checkpoint of `temp`.
  sqliteOf(t.core).pragma('main.wal_checkpoint(TRUNCATE)')
  const file = readFileSync(t.dbFile)
  // The file change counter (bytes 24–27) and the version-valid-for number (92–95).
  if (file.length >= 100) {
    file.fill(0, 24, 28)
    file.fill(0, 92, 96)
  }
  hash.update(file)
  try {
    hash.update(readFileSync(`${t.dbFile}-wal`))
  } catch {
    // no WAL file: nothing to add
  }
  return hash.digest('hex')
}
