import type { Kysely } from 'kysely'
import { runStatements } from './backend'

// Frozen in time: never imports app code.
//
// Two things the queue reads at every refresh, kept by triggers on report_items (and students)
// so that they are exact whoever writes — triage, the importer, a restore, a repair script:
//
// 1. `report_item_search_grams`: every pair of adjacent characters ("bigram") of each item's
//    reason, lower-cased (ASCII, as LIKE compares), one row per distinct (gram, item). The
//    reason is padded with a trailing space so that its last character starts a gram too.
//    A search word of one character is then a range of grams (those starting with it), of two
//    characters one gram, and of three or more the items holding some of its grams, checked
//    with LIKE. Chinese words are one or two characters (數學, 國文, a surname), which a
//    trigram index (FTS5's) cannot look up.
//    The gram rows come from SQL alone (json_each over a run of n zeros gives the positions),
//    because a trigger cannot call app code. Search words never hold whitespace (the queue
//    splits on it), so the padding never matches.
// 2. `report_item_class_counts`: the facet cube of 0003 with the student's class as one more
//    column. The queue's class facet (and every count under a class filter) sums its rows
//    instead of walking every student's items. A student who changes class moves their items'
//    counts (trigger on students). NULL timestamps are stored as '' (a key column cannot be NULL).
//    Its second index has the facet columns first, like report_items_facets, and n: the queue's
//    usual filter (a section, a pile) seeks it and sums without reading the table.
//
// No-op updates (a re-import writing the same values) change neither table, so that an
// unchanged re-import writes nothing.
//
// PostgreSQL: the same tables, filled and kept by PL/pgSQL trigger functions; the grams of a
// reason come from one SQL function (generate_series over its characters, ASCII letters folded
// with translate() as SQLite's lower() folds them).

const FACET_KEY = ['section', 'status', 'kind', 'term', 'error_type', 'vanished_at', 'source_changed_at']
const keyOf = (row: 'NEW' | 'OLD') => FACET_KEY.map((c) => (c.endsWith('_at') ? `coalesce(${row}.${c}, '')` : `${row}.${c}`))
const classOf = (row: 'NEW' | 'OLD') => `(SELECT class_name FROM students WHERE id = ${row}.student_id)`

/** Positions 0 … length-1 of the reason, as the `key` column of json_each. */
const positions = (row: 'NEW' | 'OLD') => `json_each('[' || substr(replace(hex(zeroblob(length(${row}.reason))), '00', ',0'), 2) || ']')`
const gramsOf = (row: 'NEW' | 'OLD') => `SELECT substr(lower(${row}.reason) || ' ', key + 1, 2) FROM ${positions(row)}`

const gramsIn = (row: 'NEW' | 'OLD') => `
    INSERT OR IGNORE INTO report_item_search_grams (gram, item_id) SELECT substr(lower(${row}.reason) || ' ', key + 1, 2), ${row}.id
      FROM ${positions(row)};`
const gramsOut = (row: 'NEW' | 'OLD') => `
    DELETE FROM report_item_search_grams WHERE item_id = ${row}.id AND gram IN (${gramsOf(row)});`

/** One more item in its class × facet group (the class read from the student now). */
const countIn = (row: 'NEW' | 'OLD') => `
    INSERT INTO report_item_class_counts SELECT class_name, ${keyOf(row).join(', ')}, 1
      FROM students WHERE id = ${row}.student_id
      ON CONFLICT DO UPDATE SET n = n + 1;`

/** One item fewer; an emptied group is removed so the table stays as small as the data. */
const countOut = (row: 'NEW' | 'OLD') => {
  const match = [`class_name = ${classOf(row)}`, ...FACET_KEY.map((c, i) => `${c} = ${keyOf(row)[i]}`)].join(' AND ')
  return `
    UPDATE report_item_class_counts SET n = n - 1 WHERE ${match};
    DELETE FROM report_item_class_counts WHERE n = 0 AND ${match};`
}

/** The student's items counted per facet group (NEW = the student). */
const itemsOfStudent = `SELECT ${FACET_KEY.map((c) => (c.endsWith('_at') ? `coalesce(ri.${c}, '') AS ${c}` : `ri.${c} AS ${c}`)).join(', ')},
    count(*) AS n FROM report_items ri WHERE ri.student_id = NEW.id GROUP BY 1, 2, 3, 4, 5, 6, 7`

const changed = (columns: string[]) => columns.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')

const sqlite = [
  `CREATE TABLE report_item_search_grams (
    gram TEXT NOT NULL,
    item_id INTEGER NOT NULL,
    PRIMARY KEY (gram, item_id)
  ) STRICT`,
  `INSERT OR IGNORE INTO report_item_search_grams (gram, item_id)
    SELECT substr(lower(ri.reason) || ' ', p.key + 1, 2), ri.id
    FROM report_items ri, json_each('[' || substr(replace(hex(zeroblob(length(ri.reason))), '00', ',0'), 2) || ']') p`,
  `CREATE TRIGGER report_items_search_insert AFTER INSERT ON report_items BEGIN
    ${gramsIn('NEW')}
  END`,
  `CREATE TRIGGER report_items_search_delete AFTER DELETE ON report_items BEGIN
    ${gramsOut('OLD')}
  END`,
  `CREATE TRIGGER report_items_search_update AFTER UPDATE OF id, reason ON report_items
    WHEN ${changed(['id', 'reason'])} BEGIN
    ${gramsOut('OLD')}
    ${gramsIn('NEW')}
  END`,

  `CREATE TABLE report_item_class_counts (
    class_name TEXT NOT NULL,
    section TEXT NOT NULL,
    status TEXT NOT NULL,
    kind TEXT NOT NULL,
    term TEXT NOT NULL,
    error_type TEXT NOT NULL,
    vanished_at TEXT NOT NULL,
    source_changed_at TEXT NOT NULL,
    n INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (class_name, section, status, kind, term, error_type, vanished_at, source_changed_at)
  ) STRICT`,
  // The queue filters it like report_items_facets, and sums n from this index alone.
  `CREATE INDEX report_item_class_counts_facets ON report_item_class_counts(
    section, status, kind, term, error_type, vanished_at, source_changed_at, class_name, n)`,
  `INSERT INTO report_item_class_counts
    SELECT s.class_name, ri.section, ri.status, ri.kind, ri.term, ri.error_type, coalesce(ri.vanished_at, ''),
      coalesce(ri.source_changed_at, ''), count(*)
    FROM report_items ri JOIN students s ON s.id = ri.student_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
  `CREATE TRIGGER report_items_class_count_insert AFTER INSERT ON report_items BEGIN
    ${countIn('NEW')}
  END`,
  `CREATE TRIGGER report_items_class_count_delete AFTER DELETE ON report_items BEGIN
    ${countOut('OLD')}
  END`,
  `CREATE TRIGGER report_items_class_count_update
    AFTER UPDATE OF student_id, ${FACET_KEY.join(', ')} ON report_items
    WHEN ${changed(['student_id', ...FACET_KEY])} BEGIN
    ${countOut('OLD')}
    ${countIn('NEW')}
  END`,
  // A student moving class takes the counts of all their items along.
  `CREATE TRIGGER students_class_count_update AFTER UPDATE OF class_name ON students
    WHEN OLD.class_name IS NOT NEW.class_name BEGIN
    UPDATE report_item_class_counts SET n = report_item_class_counts.n - moved.n
      FROM (${itemsOfStudent}) AS moved
      WHERE report_item_class_counts.class_name = OLD.class_name
        AND ${FACET_KEY.map((k) => `report_item_class_counts.${k} = moved.${k}`).join(' AND ')};
    DELETE FROM report_item_class_counts WHERE class_name = OLD.class_name AND n = 0;
    INSERT INTO report_item_class_counts SELECT NEW.class_name, ${FACET_KEY.join(', ')}, n FROM (${itemsOfStudent}) WHERE true
      ON CONFLICT DO UPDATE SET n = report_item_class_counts.n + excluded.n;
  END`,
]

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const pgKey = (row: 'NEW' | 'OLD') => keyOf(row).join(', ')
const pgMatch = (row: 'NEW' | 'OLD') =>
  [`class_name = ${classOf(row)}`, ...FACET_KEY.map((c, i) => `${c} = ${keyOf(row)[i]}`)].join(' AND ')
const CLASS_KEY = `class_name, ${FACET_KEY.join(', ')}`

const postgres = [
  `CREATE TABLE report_item_search_grams (
    gram text COLLATE "C" NOT NULL,
    item_id integer NOT NULL,
    PRIMARY KEY (gram, item_id)
  )`,
  `CREATE FUNCTION report_item_grams(reason text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
    SELECT DISTINCT substr(translate(reason, '${UPPER}', '${UPPER.toLowerCase()}') || ' ', i, 2)
    FROM generate_series(1, length(reason)) AS i
  $$`,
  `INSERT INTO report_item_search_grams (gram, item_id)
    SELECT g, ri.id FROM report_items ri, report_item_grams(ri.reason) AS g ON CONFLICT DO NOTHING`,
  `CREATE FUNCTION report_items_search() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'UPDATE' AND OLD.id = NEW.id AND OLD.reason IS NOT DISTINCT FROM NEW.reason THEN RETURN NULL; END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      DELETE FROM report_item_search_grams WHERE item_id = OLD.id AND gram IN (SELECT report_item_grams(OLD.reason));
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
      INSERT INTO report_item_search_grams (gram, item_id) SELECT g, NEW.id FROM report_item_grams(NEW.reason) AS g
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER report_items_search AFTER INSERT OR DELETE OR UPDATE OF id, reason ON report_items
    FOR EACH ROW EXECUTE FUNCTION report_items_search()`,

  sqlite[5].replace(') STRICT', ')').replace(/\bTEXT\b/g, 'text COLLATE "C"'),
  sqlite[6],
  sqlite[7],
  `CREATE FUNCTION report_items_class_count() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.student_id, ${pgKey('OLD')}) IS NOT DISTINCT FROM (NEW.student_id, ${pgKey('NEW')}) THEN
      RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      UPDATE report_item_class_counts SET n = n - 1 WHERE ${pgMatch('OLD')};
      DELETE FROM report_item_class_counts WHERE n = 0 AND ${pgMatch('OLD')};
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
      INSERT INTO report_item_class_counts SELECT class_name, ${pgKey('NEW')}, 1 FROM students WHERE id = NEW.student_id
        ON CONFLICT (${CLASS_KEY}) DO UPDATE SET n = report_item_class_counts.n + 1;
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER report_items_class_count
    AFTER INSERT OR DELETE OR UPDATE OF student_id, ${FACET_KEY.join(', ')} ON report_items
    FOR EACH ROW EXECUTE FUNCTION report_items_class_count()`,
  // A student moving class takes the counts of all their items along.
  `CREATE FUNCTION students_class_count() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE report_item_class_counts SET n = report_item_class_counts.n - moved.n
      FROM (${itemsOfStudent}) AS moved
      WHERE report_item_class_counts.class_name = OLD.class_name
        AND ${FACET_KEY.map((k) => `report_item_class_counts.${k} = moved.${k}`).join(' AND ')};
    DELETE FROM report_item_class_counts WHERE class_name = OLD.class_name AND n = 0;
    INSERT INTO report_item_class_counts SELECT NEW.class_name, ${FACET_KEY.join(', ')}, n FROM (${itemsOfStudent}) AS moved
      ON CONFLICT (${CLASS_KEY}) DO UPDATE SET n = report_item_class_counts.n + excluded.n;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER students_class_count AFTER UPDATE OF class_name ON students
    FOR EACH ROW WHEN (OLD.class_name IS DISTINCT FROM NEW.class_name) EXECUTE FUNCTION students_class_count()`,
]

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, { sqlite, postgres })
}
