import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importBytes } from '../helpers/importer'
import { fixedClock, tempCore, type TempCore } from '../helpers/tempCore'
import { baseFiles } from './bases'
import { everydaySubset, FAMILIES, hostileCorpus, type Family, type HostileCase } from './corpus'
import { judge } from './verdict'

// A deterministic few hundred of the hostile corpus, every family, through the real path: the
// window's upload call, the analysis job, and an attempt to import what was refused, on a DB
// that already holds a roster. `npm run fuzz` runs all of it, the heavy files too.

let corpus: HostileCase[]
let everyday: HostileCase[]
let t: TempCore

beforeAll(async () => {
  corpus = await hostileCorpus()
  everyday = everydaySubset(corpus)
  t = await tempCore({ clock: fixedClock('2025-10-17 09:00') })
  await t.call('settings.update', { operatorName: '陳怡君' })
  const roster = (await baseFiles()).find((b) => b.key === 'roster')!
  await importBytes(t, roster.fileName, roster.bytes, { importRest: true })
}, 120_000)
afterAll(() => t.cleanup())

it('has over a thousand hostile files in every family, a few hundred of them fast enough for every run', () => {
  expect(corpus.length).toBeGreaterThanOrEqual(1000)
  expect(new Set(corpus.map((c) => c.id)).size).toBe(corpus.length)
  expect(everyday.length).toBeGreaterThanOrEqual(250)
  expect(everyday.length).toBeLessThanOrEqual(400)
  for (const family of Object.keys(FAMILIES)) expect(everyday.some((c) => c.family === family), family).toBe(true)
})

describe.each(Object.keys(FAMILIES) as Family[])('hostile files: %s', (family) => {
  it('are each refused with a zh-TW message naming the file, or read — promptly, without stalling, the DB untouched', async () => {
    const broken: string[] = []
    const outcomes = { read: 0, refused: 0 }
    for (const hostile of everyday.filter((c) => c.family === family)) {
      const verdict = await judge(t, hostile)
      outcomes[verdict.outcome] += 1
      for (const rule of verdict.broken) broken.push(`${verdict.id}: ${rule}`)
    }
    expect(broken).toEqual([])
    expect(outcomes.read + outcomes.refused).toBeGreaterThan(0)
  }, 180_000)
})
