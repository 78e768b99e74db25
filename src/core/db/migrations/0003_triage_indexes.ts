import type { Kysely } from 'kysely'
import { runStatements } from './backend'

// Frozen in time: never imports app code.
//
// Triage needs what 0001 does not have:
// 1. `change_step_items`: which items one undoable step touched, with each item's version and
//    last-change stamp before and after, so that undo can refuse when an item changed since
//    and restore the item exactly as it was.
// 2. `report_item_facet_counts`: how many items share each combination of the queue's facet
//    columns, kept exact by triggers on report_items (whoever writes it: triage, the importer,
//    a repair script). The queue's facet counts then read a few hundred rows instead of
//    scanning every item; core falls back to a live GROUP BY when a search or class filter
//    narrows the items. NULL timestamps are stored as '' (a key column cannot be NULL).
// 3. Indexes for the queue (filter by section/status/kind/term/error type, count facets from
//    the index alone), for "the last step of this operator", and for undo's deletes.
//
// PostgreSQL: the same tables and indexes; the counts are kept by one PL/pgSQL trigger function.

const FACET_KEY = ['section', 'status', 'kind', 'term', 'error_type', 'vanished_at', 'source_changed_at']
const keyOf = (row: 'NEW' | 'OLD') =>
  FACET_KEY.map((c) => (c.endsWith('_at') ? `coalesce(${row}.${c}, '')` : `${row}.${c}`))

/** One more item in its facet group. */
const countIn = (row: 'NEW' | 'OLD') => `
    INSERT INTO report_item_facet_counts VALUES (${keyOf(row).join(', ')}, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;`

/** One item fewer; an emptied group is removed so the table stays as small as the data. */
const countOut = (row: 'NEW' | 'OLD') => {
  const match = FACET_KEY.map((c, i) => `${c} = ${keyOf(row)[i]}`).join(' AND ')
  return `
    UPDATE report_item_facet_counts SET n = n - 1 WHERE ${match};
    DELETE FROM report_item_facet_counts WHERE n = 0 AND ${match};`
}

const sqlite = [
  `CREATE TABLE change_step_items (
    step_id INTEGER NOT NULL REFERENCES change_steps(id),
    item_id INTEGER NOT NULL REFERENCES report_items(id),
    version_before INTEGER NOT NULL,
    version_after INTEGER NOT NULL,
    updated_at_before TEXT NOT NULL,
    updated_by_before TEXT,
    PRIMARY KEY (step_id, item_id)
  ) STRICT`,
  `CREATE INDEX change_step_items_item ON change_step_items(item_id)`,

  // The queue's three access paths (see core/queue). Each covers every filter column, so
  // filtering and counting read the index alone:
  // - facets: one GROUP BY over it streams in index order (no sort) to count every facet, and
  //   the deadline facet reads reported_at from it;
  // - by_student: the class facet and the class/seat/name sorts, walking students in class order;
  // - by_reported: the default sort (oldest report first) without sorting.
  `CREATE INDEX report_items_facets ON report_items(
    section, status, kind, term, error_type, vanished_at, source_changed_at, student_id, reported_at)`,
  `CREATE INDEX report_items_by_student ON report_items(
    student_id, section, status, kind, term, error_type, vanished_at, source_changed_at)`,
  `CREATE INDEX report_items_by_reported ON report_items(
    reported_at, section, status, kind, term, error_type, vanished_at, source_changed_at, student_id)`,
  `CREATE INDEX report_items_duplicate_of ON report_items(duplicate_of_id) WHERE duplicate_of_id IS NOT NULL`,

  `CREATE TABLE report_item_facet_counts (
    section TEXT NOT NULL,
    status TEXT NOT NULL,
    kind TEXT NOT NULL,
    term TEXT NOT NULL,
    error_type TEXT NOT NULL,
    vanished_at TEXT NOT NULL,
    source_changed_at TEXT NOT NULL,
    n INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (section, status, kind, term, error_type, vanished_at, source_changed_at)
  ) STRICT`,
  `INSERT INTO report_item_facet_counts
    SELECT section, status, kind, term, error_type, coalesce(vanished_at, ''), coalesce(source_changed_at, ''), count(*)
    FROM report_items GROUP BY 1, 2, 3, 4, 5, 6, 7`,
  `CREATE TRIGGER report_items_facet_insert AFTER INSERT ON report_items BEGIN
    ${countIn('NEW')}
  END`,
  `CREATE TRIGGER report_items_facet_delete AFTER DELETE ON report_items BEGIN
    ${countOut('OLD')}
  END`,
  `CREATE TRIGGER report_items_facet_update
    AFTER UPDATE OF section, status, kind, term, error_type, vanished_at, source_changed_at ON report_items BEGIN
    ${countOut('OLD')}
    ${countIn('NEW')}
  END`,

  // "The last step this operator can undo".
  `CREATE INDEX change_steps_operator ON change_steps(operator, id) WHERE undone_at IS NULL`,
  `CREATE INDEX notes_step ON notes(step_id) WHERE step_id IS NOT NULL`,

  // "New or changed since the last import": the latest confirmation import.
  `CREATE INDEX import_batches_kind_time ON import_batches(file_kind, imported_at)`,
]

const pgKey = (row: 'NEW' | 'OLD') => keyOf(row).join(', ')
const pgMatch = (row: 'NEW' | 'OLD') => FACET_KEY.map((c, i) => `${c} = ${keyOf(row)[i]}`).join(' AND ')

const postgres = [
  ...sqlite.slice(0, 2).map((statement) => statement.replace(') STRICT', ')').replace(/\bTEXT\b/g, 'text COLLATE "C"')),
  ...sqlite.slice(2, 6),
  sqlite[6].replace(') STRICT', ')').replace(/\bTEXT\b/g, 'text COLLATE "C"'),
  sqlite[7],
  `CREATE FUNCTION report_items_facet_count() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'UPDATE' AND (${pgKey('OLD')}) IS NOT DISTINCT FROM (${pgKey('NEW')}) THEN RETURN NULL; END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      UPDATE report_item_facet_counts SET n = n - 1 WHERE ${pgMatch('OLD')};
      DELETE FROM report_item_facet_counts WHERE n = 0 AND ${pgMatch('OLD')};
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
      INSERT INTO report_item_facet_counts VALUES (${pgKey('NEW')}, 1)
        ON CONFLICT (${FACET_KEY.join(', ')}) DO UPDATE SET n = report_item_facet_counts.n + 1;
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER report_items_facet_count
    AFTER INSERT OR DELETE OR UPDATE OF ${FACET_KEY.join(', ')} ON report_items
    FOR EACH ROW EXECUTE FUNCTION report_items_facet_count()`,
  ...sqlite.slice(11),
]

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, { sqlite, postgres })
}
