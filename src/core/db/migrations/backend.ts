import { PostgresAdapter, sql, type Kysely } from 'kysely'

// Frozen with the migrations: each migration says what it does on each backend, SQLite (the
// embedded file) and PostgreSQL (a school's server), and runs the statements of the one it is on.

export interface Statements {
  sqlite: string[]
  postgres: string[]
}

export const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter

export async function runStatements(db: Kysely<any>, statements: Statements): Promise<void> {
  for (const statement of isPostgres(db) ? statements.postgres : statements.sqlite) await sql.raw(statement).execute(db)
}
