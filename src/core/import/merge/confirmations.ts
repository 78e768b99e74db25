import type { RowProblem } from '../../../shared/contract/import'
import { ERROR_TYPES, type ConfirmationState, type ErrorType, type Kind } from '../../../shared/domain'
import type { Confirmation, ReportItem } from '../../db/schema'
import { sameMoment, type ConfirmationRow, type ReportRow, type StudentRef } from '../kinds/confirmations'
import { ReportListCoverage, wideRowSpeaksFor } from '../coverage'
import { unknownStudent, type ColumnOf, type MergeEnv, type Plan } from './plan'

// Confirmations by student × kind × term; report items by + error type. The merge writes only
// what the source says (state, reason, times, ticket) and never an item's triage fields
// (status, resolution, reply, notes, history, version) — the problem list's 答覆 only lands on
// an item whose reply staff never set or cleared. Both shapes of the confirmation results
// plan into the same operations, so importing one after the other changes nothing. An item is
// flagged vanished only inside what its file speaks for (import/coverage.ts).

type ConfNow = Pick<Confirmation, 'id' | 'student_id' | 'kind' | 'term' | 'state' | 'state_text' | 'confirmed_at'>

type ItemNow = Pick<
  ReportItem,
  'id' | 'student_id' | 'kind' | 'term' | 'error_type' | 'reason' | 'reported_at' | 'ticket_no' | 'reply' | 'vanished_at'
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
  /** Details the DB lacks (a report time, a ticket number, a reply, the state's text): filled in, not counted as changes. */
  fills = new Map<number, { reportedAt?: string; ticketNo?: string; reply?: string }>()
  confTextFills = new Map<number, string>()
  confTimeFills = new Map<number, string>()
  itemCounts = { added: 0, updated: 0, unchanged: 0, vanished: 0, returned: 0 }
  /** Whether staff ever set or cleared the item's reply (triage.reply writes item_history rows for it). */
  private readonly replyTouched: { get(itemId: number): unknown }

  constructor(private readonly env: MergeEnv, scopes: { kind: Kind; term: string }[], private readonly columnOf: ColumnOf) {
    this.replyTouched = env.sqlite.prepare(`SELECT 1 FROM item_history WHERE item_id = ? AND field = 'reply' LIMIT 1`)
    const students = env.sqlite.prepare('SELECT id, student_no, national_id, class_name FROM students').all() as
      { id: number; student_no: string; national_id: string | null; class_name: string }[]
    for (const s of students) {
      this.byNo.set(s.student_no, s.id)
      this.classOf.set(s.id, s.class_name)
      if (s.national_id) this.byNationalId.set(s.national_id, s.id)
    }
    const confs = env.sqlite.prepare('SELECT id, student_id, kind, term, state, state_text, confirmed_at FROM confirmations WHERE kind = ? AND term = ?')
    const items = env.sqlite.prepare('SELECT id, student_id, kind, term, error_type, reason, reported_at, ticket_no, reply, vanished_at FROM report_items WHERE kind = ? AND term = ?')
    for (const { kind, term } of scopes) {
      for (const c of confs.all(kind, term) as ConfNow[]) this.confs.set(`${c.student_id}|${c.kind}|${c.term}`, c)
      for (const i of items.all(kind, term) as ItemNow[]) this.items.set(`${i.student_id}|${i.kind}|${i.term}|${i.error_type}`, i)
    }
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
    if (!now.reply && extra.reply && !this.replyTouched.get(now.id)) fill.reply = extra.reply
    if (Object.keys(fill).length) this.fills.set(now.id, fill)
    let changed = false
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
    if (!changed) this.itemCounts.unchanged += 1
    return changed
  }

  /** An item of a listed confirmation that the file no longer reports. */
  absent(key: string, isProtected: boolean): boolean {
    const now = this.items.get(key)
    if (!now || now.vanished_at || isProtected || this.vanishes.has(now.id)) return false
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
      this.returns.size + this.vanishes.size + this.fills.size + this.confTextFills.size + this.confTimeFills.size
  }

  *apply(batchId: number): Generator<void> {
    const { sqlite, now, routing } = this.env
    const confIds = new Map<string, number>()
    for (const [key, c] of this.confs) confIds.set(key, c.id)
    const insertConf = sqlite.prepare(`INSERT INTO confirmations (student_id, kind, term, state, state_text, confirmed_at,
      first_batch_id, last_batch_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    for (const [key, c] of this.confInserts) {
      const result = insertConf.run(c.studentId, c.kind, c.term, c.state, c.stateText, c.confirmedAt, batchId, batchId, now, now)
      confIds.set(key, Number(result.lastInsertRowid))
      yield
    }
    const updateConf = sqlite.prepare('UPDATE confirmations SET state = ?, state_text = ?, confirmed_at = ?, last_batch_id = ?, updated_at = ? WHERE id = ?')
    for (const [id, c] of this.confUpdates) {
      updateConf.run(c.state, c.stateText, c.confirmedAt, batchId, now, id)
      yield
    }
    const fillConf = sqlite.prepare('UPDATE confirmations SET state_text = ? WHERE id = ?')
    for (const [id, text] of this.confTextFills) {
      fillConf.run(text, id)
      yield
    }

    const insertItem = sqlite.prepare(`INSERT INTO report_items (confirmation_id, student_id, kind, term, section, error_type,
      reason, reported_at, ticket_no, reply, source_changed_at, first_batch_id, last_batch_id, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    for (const i of this.itemInserts) {
      insertItem.run(confIds.get(i.confKey), i.studentId, i.kind, i.term, routing[i.kind], i.type, i.reason, i.reportedAt,
        i.ticketNo, i.reply, now, batchId, batchId, now, now)
      yield
    }
    const reason = sqlite.prepare('UPDATE report_items SET reason = ?, source_changed_at = ?, last_batch_id = ? WHERE id = ?')
    for (const [id, text] of this.reasonUpdates) {
      reason.run(text, now, batchId, id)
      yield
    }
    const back = sqlite.prepare('UPDATE report_items SET vanished_at = NULL, last_batch_id = ? WHERE id = ?')
    for (const id of this.returns) {
      back.run(batchId, id)
      yield
    }
    const vanish = sqlite.prepare('UPDATE report_items SET vanished_at = ?, last_batch_id = ? WHERE id = ?')
    for (const id of this.vanishes) {
      vanish.run(now, batchId, id)
      yield
    }
    const fill = sqlite.prepare(`UPDATE report_items SET reported_at = coalesce(?, reported_at), ticket_no = coalesce(ticket_no, ?),
      reply = coalesce(reply, ?) WHERE id = ?`)
    for (const [id, f] of this.fills) {
      fill.run(f.reportedAt ?? null, f.ticketNo ?? null, f.reply ?? null, id)
      yield
    }
    const time = sqlite.prepare('UPDATE confirmations SET confirmed_at = ? WHERE id = ?')
    for (const [id, at] of this.confTimeFills) {
      time.run(at, id)
      yield
    }
  }

  plan(rowCounts: { added: number; updated: number; unchanged: number }): Plan {
    return {
      ...rowCounts,
      vanished: this.itemCounts.vanished,
      skipped: this.skipped,
      reportItems: { ...this.itemCounts },
      changes: this.changes,
      apply: (batchId) => this.apply(batchId),
    }
  }
}

const scopesOf = (rows: { kind: Kind; term: string }[]) => {
  const seen = new Map<string, { kind: Kind; term: string }>()
  for (const r of rows) seen.set(`${r.kind}|${r.term}`, { kind: r.kind, term: r.term })
  return [...seen.values()]
}

/** The wide shape: one row per student × kind × term, its reasons in three columns. */
export function planWide(env: MergeEnv, rows: ConfirmationRow[], { protection, columnOf }: ConfirmationFile): Plan {
  const m = new ConfirmationMerge(env, scopesOf(rows), columnOf)
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
export function planLong(env: MergeEnv, rows: ReportRow[], { protection, columnOf }: ConfirmationFile): Plan {
  const m = new ConfirmationMerge(env, scopesOf(rows), columnOf)
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
