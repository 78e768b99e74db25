import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Section } from '../../../src/shared/domain'
import { writeWorkbook } from '../../../src/core/export/write'
import { seedExportSchool, type SeedSchool } from '../../helpers/seedExport'
import { fixedClock, tempCore, type TempCore } from '../../helpers/tempCore'
import { listOf, readBook } from './helpers'

// A work list's columns are sized before its rows are written, from the widest value of the
// items it lists: a long note widens 最後備註 in the lists that show that item, and only in those.

let t: TempCore
let school: SeedSchool
beforeAll(async () => {
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  school = await seedExportSchool(t.core.ctx.db)
  await t.core.ctx.db.deleteFrom('notes').execute()
})
afterAll(() => t.cleanup())

let made = 0
async function noteWidth(section?: Section): Promise<number> {
  const out = join(t.dir, `widths-${(made += 1)}.xlsx`)
  await writeWorkbook(t.core.ctx, { workbook: 'worklist', section, includeFullNationalId: false }, out)
  const sheet = (await readBook(out)).getWorksheet('回報工作清單')!
  const { headers } = listOf(sheet)
  return sheet.getColumn(headers.indexOf('最後備註') + 1).width!
}

async function noteOn(section: Section, body: string) {
  const item = school.items.find((i) => i.section === section && !i.vanished)!
  await t.core.ctx.db
    .insertInto('notes')
    .values({ item_id: item.id, step_id: null, at: '2025-10-18 10:00:00', operator: '陳怡君', body })
    .execute()
}

describe('the 最後備註 column of a work list', () => {
  it("is as wide as the notes of the items it lists, and no other section's", async () => {
    const bare = await noteWidth('registration')
    expect(await noteWidth()).toBe(bare) // no notes anywhere: the header's width

    await noteOn('activities', '社團幹部證明已補件')
    expect(await noteWidth('registration')).toBe(bare)
    const activities = await noteWidth('activities')
    expect(activities).toBeGreaterThan(bare)
    expect(await noteWidth()).toBe(activities)

    // A long note wraps in a capped column, in every list that shows its item.
    await noteOn('registration', '學生表示該學期成績已由原就讀學校補登，請教學組再確認一次')
    const capped = await noteWidth('registration')
    expect(capped).toBeGreaterThan(activities)
    expect(await noteWidth()).toBe(capped)
    expect(await noteWidth('activities')).toBe(activities)
  })
})
