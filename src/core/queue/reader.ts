import type { Query, Reader, Store } from '../db/store'
import { fillSearchHits, gramsToCount, searchWords, studentsHolding } from './search'

// How the queue's calls read: through the store's reader (db/store.ts), which on SQLite runs each
// statement prepared once on the raw connection and on PostgreSQL sends it on one connection of
// the pool — in one snapshot, so that a call's page, total and counts see the same data.

export type { Query }

export class QueueReader {
  constructor(readonly reader: Reader) {}

  get dialect() {
    return this.reader.dialect
  }

  run(query: Query<unknown>, ...params: unknown[]): Promise<void> {
    return this.reader.run(query, ...params)
  }

  all<T>(query: Query<T>, ...params: unknown[]): Promise<T[]> {
    return this.reader.all(query, ...params)
  }

  async get<T>(query: Query<T>, ...params: unknown[]): Promise<T | undefined> {
    return this.reader.get(query, ...params)
  }

  /**
   * Finds the items of a search once for the whole call, into a temp table its queries read
   * (see filters.ts). Returns how many it found; null when the search restricts nothing: it is
   * blank, or each word is in every student's name or number (the first digits of the student
   * numbers, typed on the way to one), so that every item matches.
   */
  async resolveSearch(search: string): Promise<number | null> {
    const { dialect } = this
    const typed = searchWords(search)
    if (typed.length === 0) return null // no statement: on a server each is a round trip
    const students = (await this.get<{ n: number }>(`SELECT count(*) AS n FROM students`))!.n
    const words = []
    for (const word of typed) {
      const holders = (await this.get(studentsHolding(word, dialect)))!.n
      if (holders < students) words.push({ word, inStudents: holders > 0 })
    }
    if (words.length === 0) return null
    const counts = new Map<string, number>()
    for (const gram of words.flatMap((w) => gramsToCount(w.word))) {
      counts.set(gram, (await this.get<{ n: number }>(`SELECT count(*) AS n FROM report_item_search_grams WHERE gram = ?`, gram))!.n)
    }
    const statements = fillSearchHits(words, dialect, (gram) => counts.get(gram) ?? 0)
    await this.run(dialect.createSearchHits) // a no-op once the connection has it
    for (const statement of statements) await this.run(statement)
    if (dialect.searchHitsFilled) await this.run(dialect.searchHitsFilled)
    return (await this.get<{ n: number }>(`SELECT count(*) AS n FROM ${dialect.searchHitsTable}`))!.n
  }
}

/** Runs a queue call's reads in one snapshot of the store. */
export function readQueue<T>(ctx: { store: Store }, fn: (reader: QueueReader) => Promise<T>): Promise<T> {
  return ctx.store.read((reader) => fn(new QueueReader(reader)))
}
