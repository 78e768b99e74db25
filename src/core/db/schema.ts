import type { Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { StudentAction } from '../../shared/contract/students'
import type { DeadlineRule } from '../../shared/deadlines'
import type { HintState } from '../../shared/hints'
import type {
  CadreLevel,
  Channel,
  ConfirmationState,
  CreditCounted,
  ErrorType,
  FileKind,
  ItemStatus,
  Kind,
  PassState,
  Resolution,
  Section,
} from '../../shared/domain'

// The one description of the database for kysely. Timestamps are Taipei wall-clock
// text ('YYYY-MM-DD HH:mm:ss', see core/time.ts); JSON columns are text.

export interface SettingsTable {
  key: string
  value: string
}

export interface RoundsTable {
  id: Generated<number>
  name: string
  /** ROC school year the round belongs to, e.g. 114. */
  school_year: number
  confirm_start: string
  confirm_end: string
  fix_start: string
  fix_end: string
  recheck_start: string
  recheck_end: string
  dispute_end: string
  investigation_days: Generated<number>
  /** How an item's investigation deadline is set (0006; shared/deadlines.ts). */
  deadline_rule: Generated<DeadlineRule>
  is_current: Generated<0 | 1>
  created_at: string
  updated_at: string
  /** Who last edited the round in 設定 (0004); null for the round made at first start. */
  updated_by: Generated<string | null>
}

export interface RoundTermsTable {
  round_id: number
  kind: Kind
  term: string
}

export interface ImportBatchesTable {
  id: Generated<number>
  round_id: number | null
  file_name: string
  /** sha256 of the file's bytes. */
  file_hash: string
  file_kind: FileKind
  term: string | null
  /** JSON array of the sheet names read. */
  sheets: Generated<string>
  imported_at: string
  operator: string
  added: Generated<number>
  updated: Generated<number>
  unchanged: Generated<number>
  vanished: Generated<number>
  skipped: Generated<number>
  /** JSON array of {row, column?, reason}. */
  skipped_reasons: Generated<string>
  /** Unconfirmed students right after this import (the round's trend). */
  unconfirmed_students: number | null
}

export interface StudentsTable {
  id: Generated<number>
  student_no: string
  national_id: string | null
  name: string
  class_name: string
  seat: string
  grade: number | null
  birth_date: string | null
  homeroom_teacher: string | null
  /** JSON object: source columns the roster had that we do not use. */
  extra: Generated<string>
  first_batch_id: number | null
  last_batch_id: number | null
  created_at: string
  updated_at: string
}

export interface ConfirmationsTable {
  id: Generated<number>
  student_id: number
  kind: Kind
  term: string
  state: ConfirmationState
  /** The state as the source file wrote it. */
  state_text: string | null
  confirmed_at: string | null
  first_batch_id: number
  last_batch_id: number
  created_at: string
  updated_at: string
}

export interface ReportItemsTable {
  id: Generated<number>
  /** Null for an item entered by hand (0010): the counter does not change what the student confirmed online. */
  confirmation_id: number | null
  student_id: number
  kind: Kind
  term: string
  section: Section
  error_type: ErrorType
  reason: Generated<string>
  reported_at: string | null
  ticket_no: string | null
  status: Generated<ItemStatus>
  resolution: Resolution | null
  resolution_note: string | null
  duplicate_of_id: number | null
  reply: string | null
  resubmitted_at: string | null
  resubmitted_by: string | null
  /** Set when a newer confirmation export no longer lists the item. */
  vanished_at: string | null
  /** When an import added the item or changed its reason. */
  source_changed_at: string | null
  /** The import that brought the item in; null for an item entered by hand (0010). */
  first_batch_id: number | null
  /** The last import that listed it; null for a hand entry no import has listed yet. */
  last_batch_id: number | null
  /** Optimistic-concurrency counter; every change must present the version it read. */
  version: Generated<number>
  created_at: string
  updated_at: string
  updated_by: string | null
  /** What the records say about what the reason names (core/hints, 0011); null until core has worked it out. */
  hint_state: Generated<HintState | null>
  /** The hint as shown: 資料中已有體育（69 分，及格）; null when there is none. */
  hint: Generated<string | null>
  /** How a report entered by hand reached the section (0010); null for an imported one. */
  channel: Channel | null
  /** Why the student disputes, given when a closed or "no change" item is reopened (0010). */
  dispute_reason: string | null
}

/** One undoable user action, possibly over many items. */
export interface ChangeStepsTable {
  id: Generated<number>
  at: string
  operator: string
  label: string
  item_count: number
  undone_at: string | null
  /** The settings the step changed, as they were (JSON; 0006): undo puts them back. Null for most steps. */
  settings_before: Generated<string | null>
}

export interface ItemHistoryTable {
  id: Generated<number>
  item_id: number
  step_id: number | null
  at: string
  operator: string
  field: string
  old_value: string | null
  new_value: string | null
}

/** Which items one step touched, as they were before it: what undo checks and restores (0003). */
export interface ChangeStepItemsTable {
  step_id: number
  item_id: number
  version_before: number
  version_after: number
  updated_at_before: string
  updated_by_before: string | null
}

/** Items per combination of the queue's facet columns, kept by triggers (0003); '' = NULL. */
export interface ReportItemFacetCountsTable {
  section: Section
  status: ItemStatus
  kind: Kind
  term: string
  error_type: ErrorType
  vanished_at: string
  source_changed_at: string
  n: number
}

/** Bigrams of each item's reason for the queue's search (triggers, migration 0005). */
export interface ReportItemSearchGramsTable {
  gram: string
  item_id: number
}

/** The facet cube of report_item_facet_counts with the student's class (triggers, migration 0005). */
export interface ReportItemClassCountsTable extends ReportItemFacetCountsTable {
  class_name: string
}

/** The facet cube with each item's hint state (triggers, migration 0011); NULL counted as 'none'. */
export interface ReportItemHintCountsTable extends ReportItemFacetCountsTable {
  hint_state: HintState
}

/** What was done about a student, not an item: showing their full national ID (0006). */
export interface StudentHistoryTable {
  id: Generated<number>
  student_id: number
  at: string
  operator: string
  action: StudentAction
}

export interface NotesTable {
  id: Generated<number>
  item_id: number
  step_id: number | null
  at: string
  operator: string
  body: string
}

/** Columns every submitted-record table shares. */
interface RecordColumns {
  id: Generated<number>
  student_id: number | null
  national_id: string
  term: string
  /** Identity of the row within (national_id, term), per kind (FORMATS.md, Re-import). */
  natural_key: string
  /** Hash of the normalised values: equal hash = unchanged row. */
  row_hash: string
  /** JSON object: every source column as written. */
  source: string
  first_batch_id: number
  last_batch_id: number
  created_at: string
  updated_at: string
}

export interface CourseRecordsTable extends RecordColumns {
  /** 學期成績, 補修成績, 重修成績, 重讀成績, 轉學轉科成績 */
  sheet: string
  course_code: string
  subject_name: string
  grade_offered: string | null
  credits: number | null
  score: number | null
  passed: PassState | null
  makeup_score: number | null
  makeup_passed: PassState | null
  credit_counted: CreditCounted | null
  qualitative: string | null
}

export interface CadreRecordsTable extends RecordColumns {
  unit_name: string
  role: string
  start_date: string | null
  end_date: string | null
  level: CadreLevel | null
}

export interface PerformanceRecordsTable extends RecordColumns {
  /** The sheet name, e.g. 競賽參與紀錄. */
  category: string
  /** The category's main name/title column. */
  title: string | null
  /** JSON object: every column, normalised. */
  fields: Generated<string>
}

export interface OutcomeRecordsTable extends RecordColumns {
  course_code: string | null
  subject_name: string
  grade_offered: string | null
  credits: number | null
  summary: string | null
}

export interface ColumnMappingsTable {
  /** The file's headers, normalised and sorted, joined. */
  header_signature: string
  file_kind: FileKind
  /** JSON object: source header → field. */
  mapping: string
  operator: string | null
  updated_at: string
}

/** The one row every write moves on (0008): what other PCs and windows poll to refresh. */
export interface ChangeMarksTable {
  id: number
  seq: number
  at: string | null
  operator: string | null
}

/** The last import on a server, which its operator can undo (0009; core/import/undo). */
export interface ImportUndoTable {
  batch_id: number
  /** The last change_steps id before the import: a later step on its items is work done on them since. */
  steps_before: number
  /** JSON: per table, the rows the import added, changed and removed ({added, updated, removed}). */
  counts: string
  /** JSON: the untouched default round the import replaced ({round, terms, batches}); null when it kept the round. */
  round_before: string | null
  /** The round that replaced it. */
  round_after: number | null
}

/** A row the last import changed or removed, as it was before (JSON: the columns it set, or the whole row). */
export interface ImportUndoRowsTable {
  batch_id: number
  table_name: string
  row_id: number
  change: 'updated' | 'deleted'
  before: string
}

export interface Database {
  settings: SettingsTable
  rounds: RoundsTable
  round_terms: RoundTermsTable
  import_batches: ImportBatchesTable
  students: StudentsTable
  confirmations: ConfirmationsTable
  report_items: ReportItemsTable
  change_steps: ChangeStepsTable
  item_history: ItemHistoryTable
  change_step_items: ChangeStepItemsTable
  report_item_facet_counts: ReportItemFacetCountsTable
  report_item_search_grams: ReportItemSearchGramsTable
  report_item_class_counts: ReportItemClassCountsTable
  report_item_hint_counts: ReportItemHintCountsTable
  notes: NotesTable
  student_history: StudentHistoryTable
  course_records: CourseRecordsTable
  cadre_records: CadreRecordsTable
  performance_records: PerformanceRecordsTable
  outcome_records: OutcomeRecordsTable
  column_mappings: ColumnMappingsTable
  change_marks: ChangeMarksTable
  import_undo: ImportUndoTable
  import_undo_rows: ImportUndoRowsTable
}

export type RecordTable = 'course_records' | 'cadre_records' | 'performance_records' | 'outcome_records'
export const RECORD_TABLES: Record<Kind, RecordTable> = {
  course: 'course_records',
  cadre: 'cadre_records',
  performance: 'performance_records',
  outcome: 'outcome_records',
}

export type Student = Selectable<StudentsTable>
export type NewStudent = Insertable<StudentsTable>
export type ReportItem = Selectable<ReportItemsTable>
export type ReportItemUpdate = Updateable<ReportItemsTable>
export type Round = Selectable<RoundsTable>
export type ImportBatch = Selectable<ImportBatchesTable>
export type Confirmation = Selectable<ConfirmationsTable>
