import type { Query, Reader, Store } from '../db/store'
import { addStudentHits, everyGramUsed, fillSearchHits, gramsToCount, searchWords, studentsHolding } from './search'

// How the queue's calls read: through the store's reader (db/store.ts), which on SQLite runs each
// statement prepared once on the raw connection and on PostgreSQL sends it on one connection of
// the pool — in one snapshot, so that a call's page, total and counts see the same data.

export type { Query }

export class QueueReader {
  constructor(readonly reader: Reader) {}

  get dialect() {
    return this.reader.dialect
  }

  /** See Reader's `pipelines`. */
  get pipelines() {
    return this.reader.pipelines
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
    // Each step's statements do not wait for one another (on a server: one round trip a step);
    // statements that depend on one another are still taken in the order they are sent.
    // On a server a one-word search whose look-up needs no counts is found in the first step
    // too, as if no student's name or number held it: the counts then say whether to add the
    // students' items (a second step), or that it restricts nothing (the hits go unread).
    const ahead = this.pipelines && typed.length === 1 && everyGramUsed(typed[0])
      ? this.fill(fillSearchHits([{ word: typed[0], inStudents: false }], dialect))
      : null
    ahead?.catch(() => undefined) // awaited below
    const grams = [...new Set(typed.flatMap((word) => gramsToCount(word)))]
    const [counted, counts] = await Promise.all([
      this.get(studentsHolding(typed, dialect)).then((row) => row!),
      ahead ? new Map<string, number>() : Promise.all(grams.map(async (gram) =>
        [gram, (await this.get<{ n: number }>(`SELECT count(*) AS n FROM report_item_search_grams WHERE gram = ?`, gram))!.n] as const))
        .then((entries) => new Map(entries)),
    ])
    const students = counted.students ?? 0
    const holders = typed.map((_, i) => counted[`w${i}`] ?? 0) // sum() of no students is NULL
    const words = typed.flatMap((word, i) => (holders[i] < students ? [{ word, inStudents: holders[i] > 0 }] : []))
    if (ahead) {
      const found = await ahead
      if (words.length === 0) return null
      return words[0].inStudents ? this.fill([addStudentHits(words[0].word, dialect)]) : found
    }
    if (words.length === 0) return null
    return this.fill(fillSearchHits(words, dialect, (gram) => counts.get(gram) ?? 0))
  }

  /** Runs statements that fill the hits table and returns how many hits it then holds. */
  private async fill(statements: Query<unknown>[]): Promise<number> {
    const { dialect } = this
    const [, , , found] = await Promise.all([
      this.run(dialect.createSearchHits), // a no-op once the connection has it
      Promise.all(statements.map((statement) => this.run(statement))),
      dialect.searchHitsFilled ? this.run(dialect.searchHitsFilled) : undefined,
      this.get<{ n: number }>(`SELECT count(*) AS n FROM ${dialect.searchHitsTable}`),
    ])
    return found!.n
  }
}

/** Runs a queue call's reads in one snapshot of the store. */
export function readQueue<T>(ctx: { store: Store }, fn: (reader: QueueReader) => Promise<T>): Promise<T> {
  return ctx.store.read((reader) => fn(new QueueReader(reader)))
}
