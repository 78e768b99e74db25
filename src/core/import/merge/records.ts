import { sql } from 'kysely'
import type { RowProblem } from '../../../shared/contract/import'
import type { Kind } from '../../../shared/domain'
import { RECORD_TABLES } from '../../db/schema'
import type { BulkWriter } from '../../db/store'
import { nextTurn, ROWS_PER_TURN } from '../../eventLoop'
import { courseSheetOf } from '../headers'
import { RECORD_COLUMNS, recordHash, sourceWriter, type RecordRow } from '../kinds/records'
import { unknownStudent, type ColumnOf, type MergeEnv, type Plan } from './plan'

// Submitted records mirror the central database: a newer export of a term replaces what an
// older one said. Rows are matched by (national ID, term, natural key); an equal row_hash means
// unchanged and is not written. A record that the file no longer lists is removed only when the
// file lists other rows of that student in that term and scope (course sheet, performance
// category): an export is often partial (one class's cadre posts, a filtered course list), and
// says nothing of the students it leaves out, whose records are kept. Nor is anything removed
// from a sheet that had rows with problems, whose records we cannot tell apart from removed ones.

/** Which column holds a record's scope, per kind. */
const SCOPE_COLUMN: Record<Kind, string | null> = { course: 'sheet', performance: 'category', cadre: null, outcome: null }

/**
 * A stored record's scope, read by the rule new rows are built by. Older versions stored a CSV's
 * course records with the file's name as their sheet (`113_2_修課紀錄`, keyed by it too): read
 * as the course sheet that name names (else 學期成績), such rows fall in the scope of the next
 * import of their term that lists their student, which lists them under new keys and so replaces
 * them (added + vanished) rather than leaving them beside the new rows. No migration needed.
 */
const storedScope = (kind: Kind, scope: string) => (kind === 'course' ? courseSheetOf(scope) : scope)

export interface RecordMergeInput {
  kind: Kind
  rows: RecordRow[]
  /** Header row of each sheet, to write `source`. */
  headers: Map<string, string[]>
  /** Sheets that had problem rows: nothing is removed in the scopes their rows are of. */
  guardedSheets: Set<string>
  columnOf: ColumnOf
}

/** What some rows of the file change: rows to add, and stored rows whose values differ. */
export interface RecordChanges {
  inserts: { row: RecordRow; studentId: number; hash: string }[]
  updates: { row: RecordRow; studentId: number; id: number; hash: string }[]
}

/**
 * Plans a record file in file order, all of it at once (the app, planRecords below) or a part at a
 * time as it is read (the command line's import, import/whileReading.ts): each part says what it
 * adds and updates; what the file no longer lists is known at the end (`removals`). A term's stored
 * rows are read once, when its first row comes (one pass over the term index rather than a look-up
 * per row: on a server each look-up would be a round trip).
 */
export class RecordPlanner {
  added = 0
  updated = 0
  unchanged = 0
  readonly skipped: RowProblem[] = []
  private students: Map<string, number> | null = null
  private readonly stored: StoredRecord[] = []
  private readonly byKey = new Map<string, StoredRecord>()
  private readonly terms = new Set<string>()
  private readonly seen = new Set<number>()
  /** 'national ID|term|scope' of every row, and the (national ID, term) pairs the file lists. */
  private readonly listed = new Set<string>()
  private readonly studentTerms = new Set<string>()
  /** The scopes ('term|scope') each sheet's rows are of. */
  private readonly sheetScopes = new Map<string, Set<string>>()
  private readonly table: (typeof RECORD_TABLES)[Kind]
  private readonly columns: readonly string[]
  private looked = 0
  /** The row planned last (its student, term, scope and sheet are noted already). */
  private last: RecordRow | null = null

  constructor(
    private readonly env: MergeEnv,
    private readonly kind: Kind,
    private readonly columnOf: ColumnOf,
  ) {
    this.table = RECORD_TABLES[kind]
    this.columns = RECORD_COLUMNS[kind]
  }

  async plan(rows: RecordRow[]): Promise<RecordChanges> {
    const students = (this.students ??= new Map(
      (await this.env.reader.all<{ id: number; national_id: string }>('SELECT id, national_id FROM students WHERE national_id IS NOT NULL'))
        .map((s) => [s.national_id, s.id]),
    ))
    await this.readTerms(rows)
    const changes: RecordChanges = { inserts: [], updates: [] }
    for (const row of rows) {
      if (++this.looked % ROWS_PER_TURN === 0) await nextTurn()
      // A file lists a student's rows together: what the row before said is not said again.
      const last = this.last
      if (!last || row.nationalId !== last.nationalId || row.term !== last.term || row.scope !== last.scope || row.sheet !== last.sheet) {
        let scopes = this.sheetScopes.get(row.sheet)
        if (!scopes) this.sheetScopes.set(row.sheet, (scopes = new Set()))
        scopes.add(`${row.term}|${row.scope}`)
        this.listed.add(`${row.nationalId}|${row.term}|${row.scope}`)
        this.studentTerms.add(`${row.nationalId}|${row.term}`)
        this.last = row
      }
      const studentId = students.get(row.nationalId)
      if (studentId === undefined) {
        this.skipped.push(unknownStudent(row, row.sheet, row.row, this.columnOf))
        continue
      }
      const now = this.byKey.get(`${row.nationalId}|${row.term}|${row.key}`)
      const hash = recordHash(row)
      if (!now) changes.inserts.push({ row, studentId, hash })
      else {
        this.seen.add(now.id)
        if (now.row_hash !== hash) changes.updates.push({ row, studentId, id: now.id, hash })
        else this.unchanged += 1
      }
    }
    this.added += changes.inserts.length
    this.updated += changes.updates.length
    return changes
  }

  /**
   * The stored rows of the terms first met in `rows`, in id order a part at a time: a term of a
   * big school holds 110,000 of them, and reading them in one statement held the window ~0.7 s.
   */
  private async readTerms(rows: RecordRow[]) {
    const fresh = [...new Set(rows.map((r) => r.term))].filter((t) => !this.terms.has(t))
    if (fresh.length === 0) return
    fresh.forEach((t) => this.terms.add(t))
    const scope = SCOPE_COLUMN[this.kind]
    for (let after = 0; ;) {
      const stored = await this.env.reader.all<StoredRecord>(
        sql`SELECT id, national_id, term, natural_key, row_hash, ${sql.raw(scope ?? "''")} AS scope
          FROM ${sql.table(this.table)} WHERE term IN (${sql.join(fresh)}) AND id > ${after} ORDER BY id LIMIT ${STORED_PER_READ}`,
      )
      for (const r of stored) {
        this.stored.push(r)
        this.byKey.set(`${r.national_id}|${r.term}|${r.natural_key}`, r)
      }
      if (stored.length < STORED_PER_READ) return
      after = stored[stored.length - 1].id
      await nextTurn()
    }
  }

  /** The terms of the rows planned so far, in the order they came. */
  get termsRead(): string[] {
    return [...this.terms]
  }

  /** Stored rows of the file's terms that it no longer lists, where it speaks for them (see above). */
  async removals(guardedSheets: Set<string>): Promise<number[]> {
    const guardedScopes = new Set([...guardedSheets].flatMap((sheet) => [...(this.sheetScopes.get(sheet) ?? [])]))
    const removals: number[] = []
    for (const r of this.stored) {
      if (++this.looked % ROWS_PER_TURN === 0) await nextTurn()
      if (this.seen.has(r.id) || !this.studentTerms.has(`${r.national_id}|${r.term}`)) continue
      const scope = `${r.term}|${storedScope(this.kind, r.scope)}`
      if (this.listed.has(`${r.national_id}|${scope}`) && !guardedScopes.has(scope)) removals.push(r.id)
    }
    return removals
  }

  /**
   * Writes what `plan` found. `source` keeps every column as the file wrote it: taken from the row
   * when its reader made it already, else from its cells under its sheet's headers.
   */
  async apply(changes: RecordChanges, bulk: BulkWriter, batchId: number, headers: Map<string, string[]>): Promise<void> {
    const { columns, env } = this
    /** The kind's own columns put on `into`, in the order `values` holds them. */
    const withValues = (into: Record<string, unknown>, row: RecordRow) => {
      for (let i = 0; i < columns.length; i++) into[columns[i]] = row.values[i]
      return into
    }
    const writers = new Map<string, ReturnType<typeof sourceWriter>>()
    const sourceOfRow = (row: RecordRow) => {
      if (row.source !== undefined) return row.source
      let sourceOf = writers.get(row.sheet)
      if (!sourceOf) writers.set(row.sheet, (sourceOf = sourceWriter(headers.get(row.sheet) ?? [])))
      return sourceOf(row.cells!)
    }
    // A part at a time: each row's `source` (its cells as JSON) is made just before it is written,
    // so making 110,000 of them never holds the event loop (it took ~1 s in one go).
    for (const part of inParts(changes.inserts)) {
      await bulk.insert(this.table, part.map(({ row, studentId, hash }) => withValues({
        student_id: studentId, national_id: row.nationalId, term: row.term, natural_key: row.key, row_hash: hash,
        source: sourceOfRow(row), first_batch_id: batchId, last_batch_id: batchId, created_at: env.now, updated_at: env.now,
      }, row)) as never)
    }
    for (const part of inParts(changes.updates)) {
      await bulk.update(this.table, part.map(({ row, studentId, id, hash }) => withValues({
        id, student_id: studentId, row_hash: hash, source: sourceOfRow(row), last_batch_id: batchId, updated_at: env.now,
      }, row)) as never)
    }
  }

  /** Removes stored rows (`removals`). */
  async remove(ids: number[], bulk: BulkWriter): Promise<void> {
    await bulk.delete(this.table, ids)
  }
}

/** The whole file at once: what the import page's 匯入 applies. */
export async function planRecords(env: MergeEnv, input: RecordMergeInput): Promise<Plan> {
  const planner = new RecordPlanner(env, input.kind, input.columnOf)
  const changes = await planner.plan(input.rows)
  const removals = await planner.removals(input.guardedSheets)
  return {
    added: planner.added,
    updated: planner.updated,
    unchanged: planner.unchanged,
    vanished: removals.length,
    skipped: planner.skipped,
    reportItems: null,
    changes: planner.added + planner.updated + removals.length,
    async apply(bulk, batchId) {
      await planner.apply(changes, bulk, batchId, input.headers)
      await planner.remove(removals, bulk)
    },
  }
}

/** Stored rows read at a time while planning (see readTerms). */
const STORED_PER_READ = 10_000

interface StoredRecord {
  id: number
  national_id: string
  term: string
  natural_key: string
  row_hash: string
  scope: string
}

/** `rows` in consecutive parts of ROWS_PER_TURN. */
function* inParts<T>(rows: T[]): Generator<T[]> {
  for (let at = 0; at < rows.length; at += ROWS_PER_TURN) yield rows.slice(at, at + ROWS_PER_TURN)
}
