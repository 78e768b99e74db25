import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import type { ImportSummary } from '../../src/shared/contract/import'
import { generateSchool, writeSchoolFiles, type FileKey, type School, type SchoolFiles } from '../fixtures/school'
import { commit, stage } from './importer'
import { tempDir, type TempCore } from './tempCore'
import { sqliteOf } from './sqliteOf'

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

/** Every row of every table, in a stable order: the DB's logical content. */
export function dump(t: TempCore, except: string[] = []): Record<string, unknown[]> {
  return dumpDatabase(sqliteOf(t.core), except)
}

export function dumpDatabase(sqlite: BetterSqlite3.Database, except: string[] = []): Record<string, unknown[]> {
  const tables = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[])
    .map((r) => r.name).filter((n) => !except.includes(n))
  return Object.fromEntries(tables.map((name) => [name, sqlite.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]))
}

/** The DB file's bytes after a checkpoint (so the WAL holds nothing), hashed with the WAL's. */
export function fileHash(t: TempCore): string {
  sqliteOf(t.core).pragma('wal_checkpoint(TRUNCATE)')
  const hash = createHash('sha256').update(readFileSync(t.dbFile))
  try {
    hash.update(readFileSync(`${t.dbFile}-wal`))
  } catch {
    // no WAL file: nothing to add
  }
  return hash.digest('hex')
}
