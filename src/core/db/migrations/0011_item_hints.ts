import type { Kysely } from 'kysely'
import { runStatements } from './backend'

// Frozen in time: never imports app code.
//
// Hints from the records (issue 12): what the student's submitted records say about what an
// item's reason names, worked out by core (it reads the reason against the records, which SQL
// cannot) and stored on the item, so that the queue can filter and count by it:
// - `report_items.hint_state`: present / absent / mixed / none; NULL until core has worked it
//   out (every item this migration finds: core does so at start);
// - `report_items.hint`: the sentence shown (資料中已有體育（69 分，及格）), NULL when none.
// - `report_item_hint_counts`: the facet cube of 0003 with the hint's state as one more column
//   (NULL counted as 'none'), kept by triggers, so that the 提示 facet and every count under a
//   提示 filter sum a few hundred rows instead of reading every item. Its key has the facet
//   columns first, like report_items_facets: the queue's usual filter seeks it.
// A change of the hint text alone, or a no-op update, leaves the cube alone.
//
// PostgreSQL: the same columns and table, kept by one PL/pgSQL trigger function.

const STATES = `'present', 'absent', 'mixed', 'none'`
const FACET_KEY = ['section', 'status', 'kind', 'term', 'error_type', 'vanished_at', 'source_changed_at', 'hint_state']
const keyOf = (row: 'NEW' | 'OLD') =>
  FACET_KEY.map((c) => (c.endsWith('_at') ? `coalesce(${row}.${c}, '')` : c === 'hint_state' ? `coalesce(${row}.${c}, 'none')` : `${row}.${c}`))
const matchOf = (row: 'NEW' | 'OLD') => FACET_KEY.map((c, i) => `${c} = ${keyOf(row)[i]}`).join(' AND ')

const countIn = (row: 'NEW' | 'OLD') => `
    INSERT INTO report_item_hint_counts VALUES (${keyOf(row).join(', ')}, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;`
const countOut = (row: 'NEW' | 'OLD') => `
    UPDATE report_item_hint_counts SET n = n - 1 WHERE ${matchOf(row)};
    DELETE FROM report_item_hint_counts WHERE n = 0 AND ${matchOf(row)};`

const table = `CREATE TABLE report_item_hint_counts (
    section TEXT NOT NULL,
    status TEXT NOT NULL,
    kind TEXT NOT NULL,
    term TEXT NOT NULL,
    error_type TEXT NOT NULL,
    vanished_at TEXT NOT NULL,
    source_changed_at TEXT NOT NULL,
    hint_state TEXT NOT NULL,
    n INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (${FACET_KEY.join(', ')})
  )`
const fill = `INSERT INTO report_item_hint_counts
    SELECT section, status, kind, term, error_type, coalesce(vanished_at, ''), coalesce(source_changed_at, ''),
      coalesce(hint_state, 'none'), count(*)
    FROM report_items GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`

/** The items core has yet to work out, found at start without reading every item. */
const pending = `CREATE INDEX report_items_hint_pending ON report_items(id) WHERE hint_state IS NULL`

const sqlite = [
  `ALTER TABLE report_items ADD COLUMN hint_state TEXT CHECK (hint_state IS NULL OR hint_state IN (${STATES}))`,
  `ALTER TABLE report_items ADD COLUMN hint TEXT`,
  pending,
  `${table} STRICT`,
  fill,
  `CREATE TRIGGER report_items_hint_count_insert AFTER INSERT ON report_items BEGIN
    ${countIn('NEW')}
  END`,
  `CREATE TRIGGER report_items_hint_count_delete AFTER DELETE ON report_items BEGIN
    ${countOut('OLD')}
  END`,
  `CREATE TRIGGER report_items_hint_count_update AFTER UPDATE OF ${FACET_KEY.join(', ')} ON report_items
    WHEN ${FACET_KEY.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')} BEGIN
    ${countOut('OLD')}
    ${countIn('NEW')}
  END`,
]

const postgres = [
  `ALTER TABLE report_items ADD COLUMN hint_state text CHECK (hint_state IS NULL OR hint_state IN (${STATES}))`,
  `ALTER TABLE report_items ADD COLUMN hint text`,
  pending,
  table.replace(/\bTEXT\b/g, 'text COLLATE "C"'),
  fill,
  `CREATE FUNCTION report_items_hint_count() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'UPDATE' AND (${keyOf('OLD').join(', ')}) IS NOT DISTINCT FROM (${keyOf('NEW').join(', ')}) THEN RETURN NULL; END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      UPDATE report_item_hint_counts SET n = n - 1 WHERE ${matchOf('OLD')};
      DELETE FROM report_item_hint_counts WHERE n = 0 AND ${matchOf('OLD')};
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
      INSERT INTO report_item_hint_counts VALUES (${keyOf('NEW').join(', ')}, 1)
        ON CONFLICT (${FACET_KEY.join(', ')}) DO UPDATE SET n = report_item_hint_counts.n + 1;
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER report_items_hint_count
    AFTER INSERT OR DELETE OR UPDATE OF ${FACET_KEY.join(', ')} ON report_items
    FOR EACH ROW EXECUTE FUNCTION report_items_hint_count()`,
]

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, { sqlite, postgres })
}
