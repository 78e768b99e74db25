import { sql, type RawBuilder, type SqlBool } from 'kysely'
import type { Dialect } from '../db/dialect'

// The queue's text search: every word must appear in the student's name, the student number or
// the reason — as `LIKE '%word%'` would find it (the text taken literally, ASCII letters in
// either case) — found through the reason bigrams of migration 0005 instead of reading every
// reason. Names and numbers are read from students (a few thousand short rows).

/** The words of a search, as typed; none when it is blank. */
export const searchWords = (search: string) => search.split(/\s+/).filter(Boolean)

/** `LIKE` with the user's text taken literally. */
export const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * The LIKE that finds a word as typed: folding ASCII letters' case (SQLite's LIKE; ILIKE on a
 * server) only when the word has one to fold. A server's ILIKE lowers every row's text first:
 * over the students it took 1.2 ms where LIKE took 0.4, and a word without ASCII letters (數學,
 * 0110) matches the same rows either way.
 */
const likeFor = (word: string, d: Dialect) => (/[A-Za-z]/.test(word) ? d.likeFold : sql.raw('LIKE'))

/** SQLite's lower() and LIKE fold ASCII letters only; so does the gram index. */
const lowerAscii = (text: string) => text.replace(/[A-Z]+/g, (s) => s.toLowerCase())

/** Above every character: the end of the range of grams that start with a given one. */
const LAST_CHAR = '\u{10FFFF}'

/** How many of a long word's grams narrow the candidates before LIKE checks them. */
const MAX_GRAMS = 3

/** How many items hold a gram (an index range count: a tenth of a millisecond). */
export type GramCounter = (gram: string) => number

/** The distinct bigrams of a word of three or more characters. */
const gramsOf = (chars: string[]) => [...new Set(chars.slice(1).map((c, i) => chars[i] + c))]

/** The grams of a word whose counts decide which of them lead its look-up (none for one or two characters). */
export function gramsToCount(word: string): string[] {
  const chars = Array.from(lowerAscii(word))
  return chars.length < 3 ? [] : gramsOf(chars)
}

/**
 * The items whose reason holds the word. A word of three or more characters: the items holding
 * its rarest grams (counted, when a counter is given; else its first, last and middle ones),
 * the rarest leading, each checked with LIKE for the word itself.
 */
function reasonHits(word: string, d: Dialect, count?: GramCounter): RawBuilder<{ id: number }> {
  const chars = Array.from(lowerAscii(word)) // code points, as SQLite's substr counts them
  const grams = sql.raw('report_item_search_grams')
  if (chars.length === 1) {
    // Every character of a reason starts one of its grams (the reason is padded with a space).
    return sql`SELECT item_id AS id FROM ${grams} WHERE gram >= ${chars[0]} AND gram <= ${chars[0] + LAST_CHAR}`
  }
  if (chars.length === 2) return sql`SELECT item_id AS id FROM ${grams} WHERE gram = ${chars.join('')}`
  const all = gramsOf(chars)
  const picked = count
    ? all.map((gram) => ({ gram, n: count(gram) })).sort((a, b) => a.n - b.n).slice(0, MAX_GRAMS).map((g) => g.gram)
    : [...new Set([all[0], all[all.length - 1], all[Math.floor(all.length / 2)]])]
  const [first, ...rest] = picked
  // Each further gram is one seek of the (gram, item) key per candidate.
  const also = rest.map((gram, i) => {
    const alias = sql.raw(`g${i + 2}`)
    return sql`${d.orderedJoin} ${grams} AS ${alias} ON ${alias}.gram = ${gram} AND ${alias}.item_id = g.item_id`
  })
  return sql`SELECT g.item_id AS id FROM ${grams} AS g ${sql.join(also, sql` `)}
    ${d.orderedJoin} report_items AS x ON x.id = g.item_id
    WHERE g.gram = ${first} AND x.reason ${likeFor(word, d)} ${likePattern(word)} ESCAPE '\\'`
}

const studentMatches = (word: string, d: Dialect) => {
  const [p, like] = [likePattern(word), likeFor(word, d)]
  return sql`(name ${like} ${p} ESCAPE '\\' OR student_no ${like} ${p} ESCAPE '\\')`
}

/** How many students there are, and how many of them have each word in their name or number (`w0`, `w1`…): one pass. */
export function studentsHolding(words: string[], d: Dialect): RawBuilder<Record<string, number | null>> {
  const each = words.map((word, i) => sql`sum(CASE WHEN ${studentMatches(word, d)} THEN 1 ELSE 0 END) AS ${sql.raw(`w${i}`)}`)
  return sql`SELECT count(*) AS students, ${sql.join(each)} FROM students`
}

/** The items of the students whose name or number holds the word. */
function studentHits(word: string, d: Dialect): RawBuilder<{ id: number }> {
  return sql`SELECT ri.id FROM report_items AS ri WHERE ri.student_id IN (SELECT id FROM students WHERE ${studentMatches(word, d)})`
}

/** The ids of the items the search finds (each word in the name, number or reason); null when blank. */
export function searchHitsQuery(search: string, d: Dialect): RawBuilder<{ id: number }> | null {
  const words = searchWords(search)
  if (words.length === 0) return null
  const each = words.map((w) => sql`SELECT id FROM (${reasonHits(w, d)} UNION ${studentHits(w, d)}) AS u`)
  return sql<{ id: number }>`${sql.join(each, sql` INTERSECT `)}`
}

/** A search word, and whether any student's name or number holds it (else only reasons can). */
export interface SearchWord {
  word: string
  inStudents: boolean
}

const emptyHits = (d: Dialect) => sql.raw(d.emptySearchHits)

/** `WHERE true` tells SQLite that ON CONFLICT is the upsert's, not a join's. */
const addHits = (query: RawBuilder<{ id: number }>, d: Dialect) =>
  sql`INSERT INTO ${sql.raw(d.searchHitsTable)} (id) SELECT id FROM (${query}) AS found WHERE true ON CONFLICT DO NOTHING`

/** Adds to the hits the items of the students whose name or number holds the word. */
export const addStudentHits = (word: string, d: Dialect) => addHits(studentHits(word, d), d)

/** Does every gram of the word narrow its look-up, counted or not (so that counting them changes nothing found)? */
export const everyGramUsed = (word: string) => Array.from(word).length <= MAX_GRAMS + 1

/**
 * The same, as statements that fill the hits table (emptied first): the first word's items
 * are added (the primary key drops repeats, with no sort), each further word keeps only
 * the items it also finds.
 */
export function fillSearchHits(words: SearchWord[], d: Dialect, count?: GramCounter): RawBuilder<unknown>[] {
  const [first, ...rest] = words
  if (first === undefined) return []
  // Where a call keeps the items its search found: filled once per call (see reader.ts) and read
  // by each of its queries, instead of looking the words up once per query.
  const hits = sql.raw(d.searchHitsTable)
  const found = ({ word, inStudents }: SearchWord) =>
    inStudents ? sql`id IN (${reasonHits(word, d, count)}) OR id IN (${studentHits(word, d)})` : sql`id IN (${reasonHits(word, d, count)})`
  const add = (query: RawBuilder<{ id: number }>) => addHits(query, d)
  // A word of two or more characters finds each item once (one row per gram and item): the first
  // fill of the emptied table needs no conflict check, which cost a server an index probe per hit
  // (1,366 hits: ≈ 2 ms of 5 on the loaded machine). One character reads a range of grams.
  const fill = (query: RawBuilder<{ id: number }>) => sql`INSERT INTO ${hits} (id) SELECT id FROM (${query}) AS found`
  const once = Array.from(first.word).length >= 2
  return [
    emptyHits(d),
    (once ? fill : add)(reasonHits(first.word, d, count)),
    ...(first.inStudents ? [addStudentHits(first.word, d)] : []),
    ...rest.map((w) => sql`DELETE FROM ${hits} WHERE NOT (${found(w)})`),
  ]
}

/** The search as a condition on `report_items ri`: the hits of this call, or the search itself. */
export function searchCondition(search: string, inHitsTable: boolean, d: Dialect): RawBuilder<SqlBool> | null {
  const query = searchHitsQuery(search, d)
  if (!query) return null
  // `+ri.id`: each item the index path reaches is looked up in the hits, rather than SQLite
  // reading every hit by primary key (this is for searches that find most items; see QueueEnv's `search`).
  return inHitsTable
    ? sql<SqlBool>`${d.plainColumn('id')} IN (SELECT id FROM ${sql.raw(d.searchHitsTable)})`
    : sql<SqlBool>`ri.id IN (${query})`
}
