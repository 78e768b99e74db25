import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../src/core/db/migrations'
import { ROOT, runCli } from '../helpers/cli'
import { cliDb } from '../helpers/cliDb'
import { testBackend } from '../helpers/tempCore'

describe('cli', () => {
  it('prints its help', () => {
    const out = execFileSync('npm', ['run', '-s', 'cli', '--', '--help'], { cwd: ROOT, encoding: 'utf8' })
    expect(out).toContain('用法：npm run -s cli -- <指令>')
    expect(out).toContain('init --db FILE')
  })

  it('init creates a migrated DB — a file in folders it makes, or an empty database on a server — and is safe to run again', async () => {
    const db = await cliDb(join('nested', 'school.sqlite'))
    for (let i = 0; i < 2; i++) {
      const run = runCli(['init', '--db', db.arg])
      expect(run.status, run.stderr).toBe(0)
      expect(run.stdout).toContain('資料庫已就緒')
    }
    if (testBackend() === 'sqlite') expect(existsSync(db.arg)).toBe(true)
    expect(await db.rows('SELECT name FROM kysely_migration ORDER BY name')).toEqual(Object.keys(migrations).map((name) => ({ name })))
  })

  it('refuses a missing --db with exit code 1 and a zh-TW message', () => {
    const run = runCli(['init'])
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('請以 --db 指定資料庫檔案')
  })
})
