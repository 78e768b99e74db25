import type { Kysely } from 'kysely'
import { runStatements } from './backend'

// The submitted records' references to their student and to the imports that added and last
// changed them (first_batch_id, last_batch_id), checked once per statement on a server instead of
// once per row. PostgreSQL checks a FOREIGN KEY with a trigger per inserted row (a look-up and a
// row lock in the referenced table): three of them for each of the 110,000 rows of a course file
// took 1.1 s of the import's 2.2 s COPY (measured on the bench's server, durable settings). The
// same rule as a statement's check over the rows it wrote (its transition table, one join) costs
// nothing measurable. Both sides are kept: a record whose student or batch is missing is refused,
// and so is deleting (or renumbering) a student or batch that records still name. Nothing on
// SQLite, whose foreign keys stay (a look-up per row there is cheap).

const RECORDS = ['course_records', 'cadre_records', 'performance_records', 'outcome_records']

/** A record statement's rows whose student or batch does not exist. */
const recordCheck = `CREATE FUNCTION record_refs_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM written w WHERE w.student_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM students s WHERE s.id = w.student_id)) THEN
    RAISE EXCEPTION '%: student_id not in students', TG_TABLE_NAME USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM written w WHERE NOT EXISTS (SELECT 1 FROM import_batches b WHERE b.id = w.first_batch_id)
      OR NOT EXISTS (SELECT 1 FROM import_batches b WHERE b.id = w.last_batch_id)) THEN
    RAISE EXCEPTION '%: batch id not in import_batches', TG_TABLE_NAME USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$`

/** A student or batch that a statement deleted or renumbered, still named by a record. */
const referencedCheck = (table: string, columns: string[]) => `CREATE FUNCTION ${table}_record_refs_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM gone g WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.id = g.id) AND (
      ${RECORDS.flatMap((r) => columns.map((c) => `EXISTS (SELECT 1 FROM ${r} r WHERE r.${c} = g.id)`)).join('\n      OR ')})) THEN
    RAISE EXCEPTION '%: still named by submitted records', TG_TABLE_NAME USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$`

const postgres = [
  // The foreign keys of the records to students and import_batches, whatever their names.
  `DO $$ DECLARE c record; BEGIN
    FOR c IN SELECT conrelid::regclass AS t, conname FROM pg_constraint WHERE contype = 'f'
        AND conrelid IN (${RECORDS.map((r) => `'${r}'::regclass`).join(', ')})
        AND confrelid IN ('students'::regclass, 'import_batches'::regclass) LOOP
      EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.t, c.conname);
    END LOOP;
  END $$`,
  recordCheck,
  ...RECORDS.flatMap((r) => ['INSERT', 'UPDATE'].map((event) =>
    `CREATE TRIGGER ${r}_refs_${event.toLowerCase()} AFTER ${event} ON ${r} REFERENCING NEW TABLE AS written
      FOR EACH STATEMENT EXECUTE FUNCTION record_refs_check()`)),
  referencedCheck('students', ['student_id']),
  referencedCheck('import_batches', ['first_batch_id', 'last_batch_id']),
  ...['students', 'import_batches'].flatMap((t) => ['DELETE', 'UPDATE'].map((event) =>
    `CREATE TRIGGER ${t}_record_refs_${event.toLowerCase()} AFTER ${event} ON ${t} REFERENCING OLD TABLE AS gone
      FOR EACH STATEMENT EXECUTE FUNCTION ${t}_record_refs_check()`)),
]

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, { sqlite: [], postgres })
}
