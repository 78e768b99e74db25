import { truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ROSTER, xlsxOf } from '../../helpers/importFiles'
import { tempCore, type TempCore } from '../../helpers/tempCore'

// import.file is the CLI's door into the import (a path, nobody to ask). It must keep the
// window's rules, and the window must not be able to use it.

let t: TempCore
afterEach(async () => t?.cleanup())

describe('importing a file by path (the command line through core)', () => {
  it('is refused from the window: a page never names a path on this PC', async () => {
    t = await tempCore()
    const path = join(t.dir, '名冊.xlsx')
    writeFileSync(path, await xlsxOf({ 名冊: ROSTER }))
    const result = await t.core.dispatch('import.file', { path })
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await t.call('students.count', {})).toEqual({ students: 0 })
  })

  it('imports as the window does, under the operator named in 設定', async () => {
    t = await tempCore()
    await t.call('settings.update', { operatorName: '王小明' })
    const path = join(t.dir, '名冊.xlsx')
    writeFileSync(path, await xlsxOf({ 名冊: ROSTER }))
    const result = await t.core.call('import.file', { path })
    const { students } = await t.call('students.count', {})
    expect(students).toBeGreaterThan(0)
    expect(result.ok && result.value.summary).toMatchObject({ fileKind: 'roster', added: students })
    const [batch] = await t.call('import.batches', {})
    expect(batch.operator).toBe('王小明')
  })

  it('refuses a file over 200 MB before reading it, as the window does', async () => {
    t = await tempCore()
    await t.call('settings.update', { operatorName: '王小明' })
    const path = join(t.dir, '超大.xlsx')
    writeFileSync(path, '')
    truncateSync(path, 201 * 1024 * 1024)
    const result = await t.core.call('import.file', { path })
    expect(result).toMatchObject({ ok: false, error: { code: 'file-too-big', message: expect.stringContaining('超過 200 MB') } })
  })

  it('asks a host with a window for the operator first; an unattended host records its own name', async () => {
    t = await tempCore()
    const path = join(t.dir, '名冊.xlsx')
    writeFileSync(path, await xlsxOf({ 名冊: ROSTER }))
    expect(await t.core.call('import.file', { path })).toMatchObject({ ok: false, error: { code: 'operator-missing' } })
    expect(await t.call('students.count', {})).toEqual({ students: 0 })
    t.host.unattendedOperator = '命令列'
    expect((await t.core.call('import.file', { path })).ok).toBe(true)
    expect((await t.call('import.batches', {}))[0].operator).toBe('命令列')
  })
})
