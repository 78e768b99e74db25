import { sql } from 'kysely'
import type { RowProblem } from '../../../shared/contract/import'
import { ERROR_TYPES, type ConfirmationState, type ErrorType, type Kind } from '../../../shared/domain'
import type { Confirmation, ReportItem } from '../../db/schema'
import type { BulkWriter } from '../../db/store'
import { sameMoment, type ConfirmationRow, type ReportRow, type StudentRef } from '../kinds/confirmations'
import { ReportListCoverage, wideRowSpeaksFor } from '../coverage'
import { unknownStudent, type ColumnOf, type MergeEnv, type Plan } from './plan'

// Confirmations by student × kind × term; report items by + error type. The merge writes only
// what the source says (state, reason, times, ticket) and never an item's triage fields
// (status, resolution, reply, notes, history, version) — the problem list's 答覆 only lands on
// an item whose reply staff never set or cleared. Both shapes of the confirmation results
// plan into the same operations, so importing one after the other changes nothing. An item is
// flagged vanished only inside what its file speaks for (import/coverage.ts). An item entered by
// hand (channel set) is the same report when the file lists it: merged into like any other, and
// stamped with the import that first listed it (last_batch_id); one the file does not list came
// from the counter and is never flagged vanished.

type ConfNow = Pick<Confirmation, 'id' | 'student_id' | 'kind' | 'term' | 'state' | 'state_text' | 'confirmed_at'>

type ItemNow = Pick<
  ReportItem,
  'id' | 'student_id' | 'kind' | 'term' | 'error_type' | 'reason' | 'reported_at' | 'ticket_no' | 'reply' | 'vanished_at'
  | 'channel' | 'last_batch_id'
>

export interface Protection {
  /** 學號 / 身分證號 named by rows with problems: their items are not flagged vanished. */
  refs: Set<string>
  /** A problem row named nobody we can tell: flag nothing vanished. */
  all: boolean
}

/** What a confirmation merge knows of its file besides the rows. */
export interface ConfirmationFile {
  protection: Protection
  columnOf: ColumnOf
}

interface NewItem {
  confKey: string
  studentId: number
  kind: Kind
  term: string
  type: ErrorType
  reason: string
  reportedAt: string | null
  ticketNo: string | null
  reply: string | null
}

/** The plan's working state: what is in the DB for the file's kinds × terms, and what will change. */
class ConfirmationMerge {
  readonly confs = new Map<string, ConfNow>()
  readonly items = new Map<string, ItemNow>()
  readonly byNo = new Map<string, number>()
  readonly byNationalId = new Map<string, number>()
  /** Each student's class in the roster: a problem list speaks for classes. */
  readonly classOf = new Map<number, string>()
  readonly seenItems = new Set<string>()
  readonly skipped: RowProblem[] = []

  confInserts = new Map<string, { studentId: number; kind: Kind; term: string; state: ConfirmationState; stateText: string | null; confirmedAt: string | null }>()
  confUpdates = new Map<number, { state: ConfirmationState; stateText: string | null; confirmedAt: string | null }>()
  itemInserts: NewItem[] = []
  reasonUpdates = new Map<number, string>()
  returns = new Set<number>()
  vanishes = new Set<number>()
  /** Items entered by hand that an import lists for the first time. */
  claims = new Set<number>()
  /** Details the DB lacks (a report time, a ticket number, a reply, the state's text): filled in, not counted as changes. */
  fills = new Map<number, { reportedAt?: string; ticketNo?: string; reply?: string }>()
  confTextFills = new Map<number, string>()
  confTimeFills = new Map<number, string>()
  itemCounts = { added: 0, updated: 0, unchanged: 0, vanished: 0, returned: 0 }
  /** Items whose reply staff ever set or cleared (triage.reply writes item_history rows for it). */
  private readonly replyTouched = new Set<number>()

  private constructor(private readonly env: MergeEnv, private readonly columnOf: ColumnOf) {}

  /** What the DB holds for the file's kinds × terms, read in a few statements. */
  static async load(env: MergeEnv, scopes: { kind: Kind; term: string }[], columnOf: ColumnOf): Promise<ConfirmationMerge> {
    const m = new ConfirmationMerge(env, columnOf)
    const { reader } = env
    const students = await reader.all<{ id: number; student_no: string; national_id: string | null; class_name: string }>(
      'SELECT id, student_no, national_id, class_name FROM students')
    for (const s of students) {
      m.byNo.set(s.student_no, s.id)
      m.classOf.set(s.id, s.class_name)
      if (s.national_id) m.byNationalId.set(s.national_id, s.id)
    }
    for (const { kind, term } of scopes) {
      const confs = await reader.all<ConfNow>(sql`SELECT id, student_id, kind, term, state, state_text, confirmed_at
        FROM confirmations WHERE kind = ${kind} AND term = ${term}`)
      for (const c of confs) m.confs.set(`${c.student_id}|${c.kind}|${c.term}`, c)
      const items = await reader.all<ItemNow>(sql`SELECT id, student_id, kind, term, error_type, reason, reported_at, ticket_no,
        reply, vanished_at, channel, last_batch_id FROM report_items WHERE kind = ${kind} AND term = ${term}`)
      for (const i of items) m.items.set(`${i.student_id}|${i.kind}|${i.term}|${i.error_type}`, i)
      const touched = await reader.all<{ item_id: number }>(sql`SELECT DISTINCT h.item_id FROM item_history h
        JOIN report_items ri ON ri.id = h.item_id WHERE h.field = 'reply' AND ri.kind = ${kind} AND ri.term = ${term}`)
      for (const t of touched) m.replyTouched.add(t.item_id)
    }
    return m
  }

  student(ref: StudentRef, sheet: string, row: number): number | null {
    const id = ref.studentNo ? this.byNo.get(ref.studentNo) : this.byNationalId.get(ref.nationalId ?? '')
    if (id === undefined) {
      this.skipped.push(unknownStudent(ref, sheet, row, this.columnOf))
      return null
    }
    return id
  }

  /** An item the file lists. Returns whether anything about it changes. */
  present(confKey: string, studentId: number, kind: Kind, term: string, type: ErrorType, reason: string, reportedAt: string | null, extra: { ticketNo?: string | null; reply?: string | null; exactTime?: boolean } = {}): boolean {
    const key = `${confKey}|${type}`
    this.seenItems.add(key)
    const now = this.items.get(key)
    if (!now) {
      this.itemInserts.push({ confKey, studentId, kind, term, type, reason, reportedAt, ticketNo: extra.ticketNo ?? null, reply: extra.reply ?? null })
      this.itemCounts.added += 1
      return true
    }
    const fill: { reportedAt?: string; ticketNo?: string; reply?: string } = {}
    // The problem list's 回報時間 is the item's own time, to the second: it corrects a time taken from 確認時間.
    if (reportedAt && (!now.reported_at || (extra.exactTime && now.reported_at !== reportedAt))) fill.reportedAt = reportedAt
    if (!now.ticket_no && extra.ticketNo) fill.ticketNo = extra.ticketNo
    // The problem list's 答覆 reaches an item the wide files created first, as it would one the list
    // creates; a reply the school wrote, changed or cleared (its item_history) stays as it is.
    if (!now.reply && extra.reply && !this.replyTouched.has(now.id)) fill.reply = extra.reply
    if (Object.keys(fill).length) this.fills.set(now.id, fill)
    let changed = false
    if (now.channel && now.last_batch_id === null && !this.claims.has(now.id)) {
      this.claims.add(now.id)
      changed = true
    }
    if (now.reason !== reason) {
      this.reasonUpdates.set(now.id, reason)
      this.itemCounts.updated += 1
      changed = true
    }
    if (now.vanished_at) {
      this.returns.add(now.id)
      this.itemCounts.returned += 1
      changed = true
    }
    if (changed && !this.reasonUpdates.has(now.id) && !this.returns.has(now.id)) this.itemCounts.updated += 1
    if (!changed) this.itemCounts.unchanged += 1
    return changed
  }

  /** An item of a listed confirmation that the file no longer reports. */
  absent(key: string, isProtected: boolean): boolean {
    const now = this.items.get(key)
    if (!now || now.vanished_at || now.channel || isProtected || this.vanishes.has(now.id)) return false
    this.vanishes.add(now.id)
    this.itemCounts.vanished += 1
    return true
  }

  /** Items of the problem list's coverage that no row listed. */
  vanishUnlisted(coverage: ReportListCoverage, protectedStudents: Set<number>, protectAll: boolean) {
    if (protectAll) return
    for (const [key, item] of this.items) {
      if (this.seenItems.has(key)) continue
      const className = this.classOf.get(item.student_id) ?? ''
      if (coverage.covers({ kind: item.kind, term: item.term, className, reportedAt: item.reported_at })) {
        this.absent(key, protectedStudents.has(item.student_id))
      }
    }
  }

  protectedStudents(protection: Protection): Set<number> {
    const ids = new Set<number>()
    for (const ref of protection.refs) {
      const id = this.byNo.get(ref) ?? this.byNationalId.get(ref)
      if (id !== undefined) ids.add(id)
    }
    return ids
  }

  get changes() {
    return this.confInserts.size + this.confUpdates.size + this.itemInserts.length + this.reasonUpdates.size +
      this.returns.size + this.vanishes.size + this.claims.size + this.fills.size + this.confTextFills.size + this.confTimeFills.size
  }

  async apply(bulk: BulkWriter, batchId: number): Promise<void> {
    const { now, routing } = this.env
    const confIds = new Map<string, number>()
    for (const [key, c] of this.confs) confIds.set(key, c.id)
    const newConfs = [...this.confInserts]
    const ids = await bulk.insert('confirmations', newConfs.map(([, c]) => ({
      student_id: c.studentId, kind: c.kind, term: c.term, state: c.state, state_text: c.stateText, confirmed_at: c.confirmedAt,
      first_batch_id: batchId, last_batch_id: batchId, created_at: now, updated_at: now,
    })), { ids: true })
    newConfs.forEach(([key], i) => confIds.set(key, ids[i]))
    await bulk.update('confirmations', [...this.confUpdates].map(([id, c]) => ({
      id, state: c.state, state_text: c.stateText, confirmed_at: c.confirmedAt, last_batch_id: batchId, updated_at: now,
    })))
    await bulk.update('confirmations', [...this.confTextFills].map(([id, text]) => ({ id, state_text: text })))

    await bulk.insert('report_items', this.itemInserts.map((i) => ({
      confirmation_id: confIds.get(i.confKey)!, student_id: i.studentId, kind: i.kind, term: i.term, section: routing[i.kind],
      error_type: i.type, reason: i.reason, reported_at: i.reportedAt, ticket_no: i.ticketNo, reply: i.reply,
      source_changed_at: now, first_batch_id: batchId, last_batch_id: batchId, created_at: now, updated_at: now,
    })))
    await bulk.update('report_items', [...this.reasonUpdates].map(([id, text]) => ({
      id, reason: text, source_changed_at: now, last_batch_id: batchId,
    })))
    await bulk.update('report_items', [...this.returns].map((id) => ({ id, vanished_at: null, last_batch_id: batchId })))
    await bulk.update('report_items', [...this.vanishes].map((id) => ({ id, vanished_at: now, last_batch_id: batchId })))
    await bulk.update('report_items', [...this.claims].map((id) => ({ id, last_batch_id: batchId })))
    // Details the DB lacks, filled in: a report time corrects; a ticket number or a reply only fills a blank.
    const byId = new Map([...this.items.values()].map((i) => [i.id, i]))
    await bulk.update('report_items', [...this.fills].map(([id, f]) => {
      const item = byId.get(id)!
      return { id, reported_at: f.reportedAt ?? item.reported_at, ticket_no: item.ticket_no ?? f.ticketNo ?? null, reply: item.reply ?? f.reply ?? null }
    }))
    await bulk.update('confirmations', [...this.confTimeFills].map(([id, at]) => ({ id, confirmed_at: at })))
  }

  plan(rowCounts: { added: number; updated: number; unchanged: number }): Plan {
    return {
      ...rowCounts,
      vanished: this.itemCounts.vanished,
      skipped: this.skipped,
      reportItems: { ...this.itemCounts },
      changes: this.changes,
      apply: (bulk, batchId) => this.apply(bulk, batchId),
    }
  }
}

const scopesOf = (rows: { kind: Kind; term: string }[]) => {
  const seen = new Map<string, { kind: Kind; term: string }>()
  for (const r of rows) seen.set(`${r.kind}|${r.term}`, { kind: r.kind, term: r.term })
  return [...seen.values()]
}

/** The wide shape: one row per student × kind × term, its reasons in three columns. */
export async function planWide(env: MergeEnv, rows: ConfirmationRow[], { protection, columnOf }: ConfirmationFile): Promise<Plan> {
  const m = await ConfirmationMerge.load(env, scopesOf(rows), columnOf)
  const protectedStudents = m.protectedStudents(protection)
  const counts = { added: 0, updated: 0, unchanged: 0 }
  for (const r of rows) {
    const studentId = m.student(r, r.sheet, r.row)
    if (studentId === null) continue
    const confKey = `${studentId}|${r.kind}|${r.term}`
    const conf = m.confs.get(confKey)
    let rowChanged = false
    if (!conf) {
      m.confInserts.set(confKey, { studentId, kind: r.kind, term: r.term, state: r.state, stateText: r.stateText, confirmedAt: r.confirmedAt })
    } else if (conf.state !== r.state || (r.confirmedAt !== null && !(conf.confirmed_at && sameMoment(conf.confirmed_at, r.confirmedAt, r.confirmedAtDateOnly)))) {
      // A time that agrees with the stored one at this file's precision keeps the more precise one.
      const timeAgrees = r.confirmedAt === null || (conf.confirmed_at !== null && sameMoment(conf.confirmed_at, r.confirmedAt, r.confirmedAtDateOnly))
      m.confUpdates.set(conf.id, { state: r.state, stateText: r.stateText, confirmedAt: timeAgrees ? conf.confirmed_at : r.confirmedAt })
      rowChanged = true
    } else if (!conf.state_text && r.stateText) {
      m.confTextFills.set(conf.id, r.stateText)
    }
    for (const type of ERROR_TYPES) {
      const reason = r.reasons[type]
      if (reason) rowChanged = m.present(confKey, studentId, r.kind, r.term, type, reason, r.confirmedAt) || rowChanged
      else if (wideRowSpeaksFor(r, type)) rowChanged = m.absent(`${confKey}|${type}`, protectedStudents.has(studentId)) || rowChanged
    }
    if (!conf) counts.added += 1
    else if (rowChanged) counts.updated += 1
    else counts.unchanged += 1
  }
  // A student the file does not list is not its to speak for: nothing else vanishes.
  return m.plan(counts)
}

/** The long shape: one row per error type; it creates the confirmation (reported) when missing. */
export async function planLong(env: MergeEnv, rows: ReportRow[], { protection, columnOf }: ConfirmationFile): Promise<Plan> {
  const m = await ConfirmationMerge.load(env, scopesOf(rows), columnOf)
  const protectedStudents = m.protectedStudents(protection)
  const counts = { added: 0, updated: 0, unchanged: 0 }
  const earliest = new Map<number, string>()
  const coverage = new ReportListCoverage()
  for (const r of rows) {
    const studentId = m.student(r, r.sheet, r.row)
    if (studentId === null) continue
    coverage.add(r.kind, r.term, m.classOf.get(studentId) ?? '', r.reportedAt)
    const confKey = `${studentId}|${r.kind}|${r.term}`
    const conf = m.confs.get(confKey)
    let rowChanged = false
    if (!conf) {
      const pending = m.confInserts.get(confKey)
      // The confirmation's time is its earliest report's.
      if (!pending) m.confInserts.set(confKey, { studentId, kind: r.kind, term: r.term, state: 'reported', stateText: null, confirmedAt: r.reportedAt })
      else if (r.reportedAt && (!pending.confirmedAt || r.reportedAt < pending.confirmedAt)) pending.confirmedAt = r.reportedAt
    } else if (conf.state !== 'reported' && !m.confUpdates.has(conf.id)) {
      m.confUpdates.set(conf.id, { state: 'reported', stateText: null, confirmedAt: conf.confirmed_at ?? r.reportedAt })
      rowChanged = true
    }
    if (conf && r.reportedAt) {
      const first = earliest.get(conf.id)
      if (!first || r.reportedAt < first) earliest.set(conf.id, r.reportedAt)
    }
    const itemChanged = m.present(confKey, studentId, r.kind, r.term, r.errorType, r.reason, r.reportedAt, { ticketNo: r.ticketNo, reply: r.reply, exactTime: true })
    if (!m.items.has(`${confKey}|${r.errorType}`)) counts.added += 1
    else if (itemChanged || rowChanged) counts.updated += 1
    else counts.unchanged += 1
  }
  // The earliest report is the moment the student confirmed: more precise than a wide file's 確認時間.
  for (const conf of m.confs.values()) {
    const first = earliest.get(conf.id)
    if (first && conf.confirmed_at && conf.confirmed_at !== first && sameMoment(conf.confirmed_at, first, conf.confirmed_at.endsWith(' 00:00:00'))) {
      m.confTimeFills.set(conf.id, first)
    }
  }
  m.vanishUnlisted(coverage, protectedStudents, protection.all)
  return m.plan(counts)
}
