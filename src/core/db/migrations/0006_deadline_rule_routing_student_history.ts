import { sql, type Kysely } from 'kysely'

// Frozen in time: never imports app code. Plain SQL that PostgreSQL reads too.
//
// rounds.deadline_rule: how the round sets an item's investigation deadline. Every round,
// the existing ones included, takes the rule DESIGN.md now gives: from when the school can
// act on a report (the later of the report and the fix window's start) plus the
// investigation days, never after the fix end. The rule before it ('fromReport') made every
// report of the confirm window overdue before the school could touch it; a school that
// wants it back chooses it in 設定.
//
// change_steps.settings_before: a step that changes settings as well as items — moving a
// kind's items to another section when 設定's 負責組別 changes — keeps the settings it changed
// as they were (JSON, e.g. {"routing":{"cadre":"studentAffairs"}}), so that undo puts both back.
// NULL for every other step.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE rounds ADD COLUMN deadline_rule TEXT NOT NULL DEFAULT 'fromFixStart'
    CHECK (deadline_rule IN ('fromFixStart', 'fromReport', 'fixEnd'))`.execute(db)
  await sql`ALTER TABLE change_steps ADD COLUMN settings_before TEXT`.execute(db)
}
