import { afterAll, beforeAll, expect, it } from 'vitest'
import { rows, value } from '../../helpers/dbRows'
import { tempCore, type TempCore } from '../../helpers/tempCore'

// The bulk writer an import writes its rows with (on a server, COPY's text format): whatever a
// cell holds comes back as it was, and a row the DB refuses leaves nothing written, with the DB
// still open for the next write. On both backends (the core-pg project runs this on a server).

let t: TempCore
beforeAll(async () => (t = await tempCore()))
afterAll(() => t.cleanup())

const AWKWARD = [
  'tab\there', 'line\nbreak', 'carriage\r\nreturn', 'back\\slash', '\\N', '\\', 'ends with backslash\\',
  '', ' ', 'null', 'NULL', '"quoted", comma', '多元表現｜社團', '😀 emoji', 'a\u3000full-width space', '\\t not a tab',
]

const mapping = (signature: string, text: string | null) =>
  ({ header_signature: signature, file_kind: 'course' as const, mapping: text ?? '{}', operator: text, updated_at: '2025-10-17 09:00:00' })

it('keeps tabs, line breaks, backslashes, \\N, empty text and null exactly as given', async () => {
  const given = AWKWARD.map((text, i) => mapping(`sig-${i}`, text))
  given.push(mapping('sig-null', null))
  await t.core.ctx.store.write(async (w) => {
    await w.begin()
    await w.bulk.insert('column_mappings', given)
  })
  const stored = await rows<{ header_signature: string; mapping: string; operator: string | null }>(t,
    `SELECT header_signature, mapping, operator FROM column_mappings ORDER BY header_signature`)
  const bySignature = new Map(stored.map((r) => [r.header_signature, r]))
  for (const g of given) {
    expect(bySignature.get(g.header_signature), JSON.stringify(g.operator)).toEqual(
      { header_signature: g.header_signature, mapping: g.mapping, operator: g.operator })
  }
})

it('writes many rows at once (more than one piece of a COPY)', async () => {
  const n = 2500
  await t.core.ctx.store.write(async (w) => {
    await w.begin()
    await w.bulk.insert('column_mappings', Array.from({ length: n }, (_, i) => mapping(`many-${String(i).padStart(5, '0')}`, `第 ${i} 列`)))
  })
  expect(await value(t, `SELECT count(*) AS n FROM column_mappings WHERE header_signature LIKE 'many-%'`)).toBe(n)
  expect(await value(t, `SELECT operator FROM column_mappings WHERE header_signature = 'many-02499'`)).toBe('第 2499 列')
})

it('writes nothing when one row is refused, and the next write goes through', async () => {
  const before = await value(t, `SELECT count(*) AS n FROM column_mappings`)
  const bad = [mapping('refused-1', 'ok'), { ...mapping('refused-2', 'ok'), file_kind: 'not a kind' as never }, mapping('refused-3', 'ok')]
  // The write goes on after the refused rows (a server learns of the refusal a moment later), and
  // fails with the refusal itself, not with what it made of the statements after it.
  await expect(t.core.ctx.store.write(async (w) => {
    await w.begin()
    await w.bulk.insert('column_mappings', [mapping('first', 'in the same write')])
    await w.bulk.insert('column_mappings', bad)
    await w.run(`UPDATE column_mappings SET operator = 'later' WHERE header_signature = 'first'`)
  })).rejects.toThrow(/check constraint/i)
  expect(await value(t, `SELECT count(*) AS n FROM column_mappings`)).toBe(before)

  await t.core.ctx.store.write(async (w) => {
    await w.begin()
    await w.bulk.insert('column_mappings', [mapping('after', 'written')])
  })
  expect(await value(t, `SELECT operator FROM column_mappings WHERE header_signature = 'after'`)).toBe('written')
})
