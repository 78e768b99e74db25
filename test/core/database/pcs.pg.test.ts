import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallResult } from '../../../src/shared/result'
import { ROOT } from '../../helpers/cli'
import { writeSchool } from '../../helpers/schoolImport'
import { seedSchool } from '../../helpers/seedQueue'
import { fixedClock, tempCore, tempDir, type TempCore } from '../../helpers/tempCore'

// Several PCs at once on one server, each a process of its own: decisions racing for the same
// items, imports at the same moment, undo across operators. No update is lost, nothing deadlocks,
// no import is half done; whoever loses is told who won and when.

let t: TempCore
beforeAll(async () => {
  t = await tempCore({ backend: 'postgres', clock: fixedClock('2025-10-18 10:00') })
  await t.call('settings.update', { operatorName: '測試' })
})
afterAll(() => t.cleanup())

/** Runs one PC (test/core/database/pc.ts) in a process of its own; resolves with each call's result. */
function pc(name: string, operator: string, startAt: number, calls: { name: string; input: unknown }[]): Promise<CallResult<unknown>[]> {
  const script = join(tempDir(), `${name}.json`)
  writeFileSync(script, JSON.stringify({ server: t.where.server, pc: name, operator, startAt, calls }))
  return runNode(['--import', 'tsx', join(ROOT, 'test/core/database/pc.ts'), script])
    .then((out) => out.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as CallResult<unknown>))
}

function runNode(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')))
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}:\n${err}\n${out}`))))
  })
}

/** A moment a little ahead: long enough for every process to start and connect. */
const soon = () => Date.now() + 4_000

describe('two PCs on one server', () => {
  it('deciding the same items at the same moment: one wins each item, the other is refused with who and when', async () => {
    await seedSchool(t.core.ctx.store, { students: 80, items: 200, seed: 5 })
    const rows = (await t.call('queue.list', { filter: {}, limit: 40 })).rows
    const target = { items: rows.map((r) => ({ id: r.id, version: r.version })) }
    const startAt = soon()
    const [a, b] = await Promise.all([
      pc('office-a', '陳怡君', startAt, [{ name: 'triage.decide', input: { target, to: 'checking' } }]),
      pc('office-b', '林雅婷', startAt, [{ name: 'triage.decide', input: { target, to: 'checking' } }]),
    ])
    const [winner, loser] = a[0].ok ? [a[0], b[0]] : [b[0], a[0]]
    expect(winner.ok).toBe(true)
    expect(loser).toMatchObject({ ok: false, error: { code: 'stale-version', message: expect.stringMatching(/已被 (陳怡君|林雅婷) 於 114\/10\/18 10:00 修改過/) } })
    const won = { by: a[0].ok ? '陳怡君' : '林雅婷', status: 'checking' }
    // All or nothing: every item has the winner's status, one change each, version 2.
    const items = await t.core.ctx.db.selectFrom('report_items').select(['id', 'status', 'version', 'updated_by'])
      .where('id', 'in', rows.map((r) => r.id)).execute()
    expect(new Set(items.map((i) => `${i.status}|${i.version}|${i.updated_by}`))).toEqual(new Set([`${won.status}|2|${won.by}`]))
    const history = await t.core.ctx.db.selectFrom('item_history').select('item_id').where('field', '=', 'status')
      .where('item_id', 'in', rows.map((r) => r.id)).execute()
    expect(history).toHaveLength(rows.length)
  }, 60_000)

  it('undo refuses when another PC changed the items since, and works for the PC that did the last change', async () => {
    const [row] = (await t.call('queue.list', { filter: { status: ['new'] }, limit: 1 })).rows
    const startAt = soon()
    const first = await pc('office-a', '陳怡君', startAt, [
      { name: 'triage.decide', input: { target: { items: [{ id: row.id, version: row.version }] }, to: 'checking' } },
    ])
    expect(first[0].ok).toBe(true)
    const second = await pc('office-b', '林雅婷', Date.now(), [
      { name: 'triage.decide', input: { target: { items: [{ id: row.id, version: row.version + 1 }] }, to: 'corrected' } },
    ])
    expect(second[0].ok).toBe(true)
    const undo = await pc('office-a', '陳怡君', Date.now(), [{ name: 'triage.undo', input: {} }])
    expect(undo[0]).toMatchObject({ ok: false, error: { code: 'undo-conflict', message: expect.stringContaining('林雅婷') } })
    const undoB = await pc('office-b', '林雅婷', Date.now(), [{ name: 'triage.undo', input: {} }])
    expect(undoB[0].ok).toBe(true)
    expect(await t.core.ctx.db.selectFrom('report_items').select('status').where('id', '=', row.id).executeTakeFirst()).toEqual({ status: 'checking' })
  }, 60_000)
})

describe('imports from two PCs at the same moment', () => {
  it('are done one after the other: each whole, the same data as one after the other, no deadlock', async () => {
    const shared = await tempCore({ backend: 'postgres', clock: fixedClock('2025-10-18 10:00') })
    const alone = await tempCore({ backend: 'postgres', clock: fixedClock('2025-10-18 10:00') })
    const { files } = await writeSchool()
    const on = (core: TempCore, args: string[]) => runNode(['--import', 'tsx', join(ROOT, 'src/cli/index.ts'), ...args, '--db', core.dbArg])
    try {
      for (const core of [shared, alone]) await on(core, ['import', files.roster])
      // Two PCs: one imports the confirmation results and then the course records, the other the
      // problem list and the same confirmation results — the same rows, at the same moment.
      const startAt = soon()
      const at = (args: string[]) => new Promise<string>((resolve, reject) =>
        setTimeout(() => on(shared, args).then(resolve, reject), Math.max(0, startAt - Date.now())))
      const [one, two] = await Promise.all([
        at(['import', files.confirmationsWide, files.course]),
        at(['import', files.problemList, files.confirmationsWide]),
      ])
      expect(one).toContain('修課紀錄')
      expect(two).toContain('錯誤回報') // both ran to the end
      // The same data as importing them one after the other on a PC of its own.
      for (const file of [files.confirmationsWide, files.course, files.problemList]) await on(alone, ['import', file])
      const stats = async (core: TempCore) => JSON.parse(await on(core, ['stats', '--json'])) as unknown
      expect(await stats(shared)).toEqual(await stats(alone))
      // The confirmation results imported twice added their rows once: the second found them unchanged.
      const wide = [one, two].join('\n').split('\n').filter((line) => line.includes('收訖確認結果_修課紀錄_幹部經歷'))
      expect(wide).toHaveLength(2)
      expect(wide.some((line) => /新增 0、/.test(line))).toBe(true)
    } finally {
      await shared.cleanup()
      await alone.cleanup()
    }
  }, 180_000)
})
