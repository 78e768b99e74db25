import { basename } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { getCurrentRound } from '../../../src/core/rounds/store'
import type { SchoolFiles } from '../../fixtures/school'
import { stage } from '../../helpers/importer'
import { bytesOf, importPath, writeSchool } from '../../helpers/schoolImport'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'

// The fixture school's data belongs to the 114 round (terms 1131/1132). A DB first opened
// on 2026-11-28 starts with a 115 round made from the clock.

let files: SchoolFiles
beforeAll(async () => ({ files } = await writeSchool()))

let t: TempCore
beforeEach(async () => {
  t = await tempCore({ clock: fixedClock('2026-11-28 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君' })
})
afterEach(() => t.cleanup())

const roundTerms = async (roundId: number) =>
  (await t.core.ctx.db.selectFrom('round_terms').select(['kind', 'term']).where('round_id', '=', roundId)
    .orderBy(['kind', 'term']).execute()).map((r) => `${r.kind} ${r.term}`)

describe('imports and the current round', () => {
  it('a fresh DB follows the first data: the untouched default round becomes the data\'s school year', async () => {
    expect((await getCurrentRound(t.core.ctx.db))?.school_year).toBe(115)
    await importPath(t, files.roster)

    const staged = await stage(t, basename(files.confirmationsWide), bytesOf(files.confirmationsWide))
    expect(staged.roundNotice?.text).toContain('匯入時會改用「114 學年度收訖明細確認」')
    // What the file covers is read against the round it will land in: all its course and cadre terms.
    expect(staged.coverage?.kinds).toEqual([{ kind: 'course', terms: null }, { kind: 'cadre', terms: null }])

    const summary = await importPath(t, files.confirmationsWide)
    expect(summary.roundNotice).toEqual({ tone: 'info', text: '目前梯次已改為「114 學年度收訖明細確認」，以符合匯入資料的學期（可到「設定 → 收訖確認梯次」調整）。' })
    const round = (await getCurrentRound(t.core.ctx.db))!
    expect(round).toMatchObject({ school_year: 114, confirm_end: '2025-10-16 17:00:00' })
    expect(await roundTerms(round.id)).toEqual([
      'cadre 1132', 'course 1132', 'outcome 1131', 'outcome 1132', 'performance 1131', 'performance 1132',
    ])
    // One round, holding the roster imported before, and the trend's count of this import.
    expect(await t.core.ctx.db.selectFrom('rounds').select('id').execute()).toHaveLength(1)
    const batches = await t.core.ctx.db.selectFrom('import_batches').select(['round_id', 'file_kind', 'unconfirmed_students']).orderBy('id').execute()
    expect(batches.map((b) => b.round_id)).toEqual([round.id, round.id])
    expect(batches[1].unconfirmed_students).toBeGreaterThan(0)

    // The next file fits: nothing to say.
    expect((await importPath(t, files.confirmationsWideCsv)).roundNotice).toBeNull()
  })

  it('never re-targets a round a person edited or one that already has data: it warns instead', async () => {
    const round = (await getCurrentRound(t.core.ctx.db))!
    await t.core.ctx.db.updateTable('rounds').set({ updated_by: '教務主任' }).where('id', '=', round.id).execute()
    await importPath(t, files.roster)
    const summary = await importPath(t, files.confirmationsWide)
    expect(summary.roundNotice).toEqual({
      tone: 'warning',
      text: '注意：修課紀錄 1132、幹部經歷 1132 不在目前梯次「115 學年度收訖明細確認」確認的學期內，匯入後不會列入總覽與報表。請到「設定 → 收訖確認梯次」加入這些學期或改選梯次。',
    })
    expect((await getCurrentRound(t.core.ctx.db))?.id).toBe(round.id)
    expect(await roundTerms(round.id)).toContain('course 1142')
  })

  it('says nothing when the file fits the round', async () => {
    const fitting = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
    try {
      await fitting.call('settings.update', { operatorName: '陳怡君' })
      await importPath(fitting, files.roster)
      expect((await importPath(fitting, files.course)).roundNotice).toBeNull()
    } finally {
      await fitting.cleanup()
    }
  })
})
