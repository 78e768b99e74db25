import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCore } from '../../src/core'
import { migrations } from '../../src/core/db/migrations'
import { tempCore, type TempCore } from '../helpers/tempCore'

let t: TempCore
beforeEach(async () => (t = await tempCore()))
afterEach(() => t.cleanup())

describe('settings', () => {
  it('starts with no operator, ROC dates and the default routing of DESIGN.md', async () => {
    const settings = await t.call('settings.get', {})
    expect(settings).toMatchObject({ operatorName: null, section: null, dateStyle: 'roc' })
    expect(settings.routing).toEqual({
      course: 'registration', outcome: 'registration', performance: 'activities', cadre: 'studentAffairs',
    })
  })

  it('keeps the operator and section in the DB, across a restart', async () => {
    await t.call('settings.update', { operatorName: '  陳怡君 ', section: 'activities' })
    await t.core.close()
    const reopened = await createCore({ ...t.where, host: t.host })
    const result = await reopened.dispatch('settings.get', {})
    expect(result).toMatchObject({ ok: true, value: { operatorName: '陳怡君', section: 'activities' } })
    await reopened.close()
    t.core = await createCore({ ...t.where, host: t.host })
  })

  it('refuses an empty name or an unknown section with a zh-TW message, changing nothing', async () => {
    await t.call('settings.update', { operatorName: '陳怡君' })
    const empty = await t.core.dispatch('settings.update', { operatorName: '   ' })
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('請填寫姓名') } })
    const section = await t.core.dispatch('settings.update', { section: 'library' })
    expect(section).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(section.ok || section.error.message).toMatch(/section/)
    expect((await t.call('settings.get', {})).operatorName).toBe('陳怡君')
  })
})

describe('dispatch', () => {
  it('answers an unknown call with a refusal, not an exception', async () => {
    expect(await t.core.dispatch('db.dropEverything', {})).toEqual({
      ok: false,
      error: { code: 'unknown-call', message: '沒有這項功能：db.dropEverything' },
    })
  })

  it('reports the app version, where the data is, and the schema', async () => {
    const server = t.where.server
    expect(await t.call('app.info', {})).toEqual({
      version: 'test',
      backend: server ? 'postgres' : 'sqlite',
      location: server ? `${server.user}@${server.host}:${server.port}/${server.database}` : t.dbFile,
      migrations: Object.keys(migrations),
    })
  })
})
