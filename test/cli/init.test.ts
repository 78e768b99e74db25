import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../src/core/db/migrations'
import { ROOT, runCli } from '../helpers/cli'
import { tempDir } from '../helpers/tempCore'

describe('cli', () => {
  it('prints its help', () => {
    const out = execFileSync('npm', ['run', '-s', 'cli', '--', '--help'], { cwd: ROOT, encoding: 'utf8' })
    expect(out).toContain('用法：npm run -s cli -- <指令>')
    expect(out).toContain('init --db FILE')
  })

  it('init creates a migrated DB, and is safe to run again', () => {
    const dbFile = join(tempDir(), 'nested', 'school.sqlite')
    for (let i = 0; i < 2; i++) {
      const run = runCli(['init', '--db', dbFile])
      expect(run.status, run.stderr).toBe(0)
      expect(run.stdout).toContain('資料庫已就緒')
    }
    expect(existsSync(dbFile)).toBe(true)
    const db = new BetterSqlite3(dbFile, { readonly: true })
    expect(db.prepare('SELECT name FROM kysely_migration ORDER BY name').all()).toEqual(Object.keys(migrations).map((name) => ({ name })))
    db.close()
  })

  it('refuses a missing --db with exit code 1 and a zh-TW message', () => {
    const run = runCli(['init'])
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('請以 --db 指定資料庫檔案')
  })
})
