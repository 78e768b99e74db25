import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/core/errors'
import { JobRegistry } from '../../src/core/jobs'

describe('jobs', () => {
  it('shows progress while running and the result when done', async () => {
    const jobs = new JobRegistry()
    let finish!: () => void
    const gate = new Promise<void>((resolve) => (finish = resolve))
    const id = jobs.start('讀取檔案', async (report) => {
      report({ done: 40, total: 100 })
      await gate
      return { rows: 100 }
    })
    expect(jobs.get(id)).toMatchObject({ state: 'running', progress: { label: '讀取檔案', done: 40, total: 100 } })
    finish()
    await expect(jobs.wait(id)).resolves.toEqual({ rows: 100 })
    expect(jobs.get(id)).toMatchObject({ state: 'done', result: { rows: 100 } })
  })

  it('reports a failure with its zh-TW message', async () => {
    const jobs = new JobRegistry()
    const id = jobs.start('匯入', async () => {
      throw new AppError('file-unreadable', '無法讀取檔案 a.xlsx')
    })
    await expect(jobs.wait(id)).rejects.toThrow('無法讀取檔案 a.xlsx')
    expect(jobs.get(id)).toMatchObject({ state: 'failed', error: { code: 'file-unreadable', message: '無法讀取檔案 a.xlsx' } })
  })

  it('ends as cancelled, not failed, when its work is called off', async () => {
    const jobs = new JobRegistry()
    const cancel = new AbortController()
    const id = jobs.start('分析', async () => {
      await new Promise((resolve) => setTimeout(resolve, 10))
      cancel.signal.throwIfAborted()
      return 'read through'
    }, cancel.signal)
    cancel.abort()
    await expect(jobs.wait(id)).rejects.toThrow()
    expect(jobs.get(id)).toMatchObject({ state: 'cancelled', progress: { label: '分析' } })
  })

  it('refuses an unknown job id', () => {
    expect(() => new JobRegistry().get('nope')).toThrow(/找不到這項工作/)
  })
})
