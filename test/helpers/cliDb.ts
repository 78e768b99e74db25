import { afterAll } from 'vitest'
import { join } from 'node:path'
import { openStore } from '../../src/core/db/open'
import { systemClock } from '../../src/core/time'
import { freshDatabase } from './pgDatabase'
import { dumpStore } from './schoolImport'
import { serverUrl, tempDir, testBackend } from './tempCore'

// A fresh, empty database for the CLI's --db, on the backend the tests run on: a new file's path
// (the CLI creates it), or an empty database of its own on the test server (the CLI migrates it),
// dropped after the test file. Tests read what the CLI wrote through the app's own store.

export interface CliDb {
  /** What to pass as --db. */
  arg: string
  rows<T = Record<string, unknown>>(query: string, ...params: unknown[]): Promise<T[]>
  /** The first column of the first row (a count). */
  value<T = number>(query: string, ...params: unknown[]): Promise<T>
  /** Every row of every table but `except`, as dumpStore gives it. */
  dump(except?: string[]): Promise<Record<string, unknown[]>>
}

const drops: (() => Promise<void>)[] = []
afterAll(async () => {
  await Promise.all(drops.splice(0).map((drop) => drop()))
})

/** `file`: where in a fresh temp folder the SQLite file goes (folders the CLI must make included). */
export async function cliDb(file = 'school.sqlite'): Promise<CliDb> {
  const database = testBackend() === 'postgres' ? await freshDatabase({ empty: true }) : null
  if (database) drops.push(database.drop)
  const target = database ? { kind: 'server' as const, server: database.server } : { kind: 'file' as const, file: join(tempDir(), file) }
  const rows = async <T>(query: string, ...params: unknown[]): Promise<T[]> => {
    const store = await openStore(target, systemClock)
    try {
      return await store.read((r) => r.all<T>(query, ...params))
    } finally {
      await store.close()
    }
  }
  return {
    arg: database ? serverUrl(database.server) : target.file!,
    rows,
    value: async <T>(query: string, ...params: unknown[]) => Object.values((await rows<Record<string, unknown>>(query, ...params))[0])[0] as T,
    dump: async (except: string[] = []) => {
      const store = await openStore(target, systemClock)
      try {
        return await dumpStore(store, except)
      } finally {
        await store.close()
      }
    },
  }
}
