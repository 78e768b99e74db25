import type { Core } from '../../src/core'

// Raw SQL on a core's database, whichever backend it runs on: the store's own reader and writer
// (`?` parameters on both). Tests that look at or arrange rows directly use these, in SQL both
// backends accept (see db-layer notes: true/false, GROUP BY every column, no json_each/strftime).

type HasCore = { core: Core }

/** Every row the query returns, in one snapshot. */
export const rows = <T = Record<string, unknown>>(t: HasCore, query: string, ...params: unknown[]): Promise<T[]> =>
  t.core.ctx.store.read((r) => r.all<T>(query, ...params))

/** The first row, or undefined. */
export const row = <T = Record<string, unknown>>(t: HasCore, query: string, ...params: unknown[]): Promise<T | undefined> =>
  t.core.ctx.store.read((r) => r.get<T>(query, ...params))

/** The first column of the first row (a count, an id…). */
export async function value<T = number>(t: HasCore, query: string, ...params: unknown[]): Promise<T> {
  const first = await row(t, query, ...params)
  if (!first) throw new Error(`no row: ${query}`)
  return Object.values(first)[0] as T
}

/** The first column of every row. */
export const column = async <T = unknown>(t: HasCore, query: string, ...params: unknown[]): Promise<T[]> =>
  (await rows(t, query, ...params)).map((r) => Object.values(r)[0] as T)

/** Statements run as one write of the store (as another window or a repair script would write), in order. */
export const execute = (t: HasCore, ...statements: (string | [string, ...unknown[]])[]): Promise<void> =>
  t.core.ctx.store.write(async (w) => {
    await w.begin()
    for (const statement of statements) {
      const [query, ...params] = typeof statement === 'string' ? [statement] : statement
      await w.run(query, ...params)
    }
  })
