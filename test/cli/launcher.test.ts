import { statSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { ROOT, runCli } from '../helpers/cli'

// `npm run cli` runs the bundled CLI (out/cli, scripts/cli.cjs): a developer who changes a source
// and runs it must get what the sources now say, and a run with nothing changed must not build.

const BUNDLE = join(ROOT, 'out', 'cli', 'index.js')
const builtAt = () => statSync(BUNDLE).mtimeMs

it('builds the bundle again before running when a source is newer than it, and not otherwise', () => {
  expect(runCli(['--help']).status).toBe(0)
  const fresh = builtAt()
  expect(runCli(['--help']).status).toBe(0)
  expect(builtAt()).toBe(fresh)

  // As if every source had been saved after the build: an hour older than all of them.
  const anHourAgo = new Date(Date.now() - 3_600_000)
  utimesSync(BUNDLE, anHourAgo, anHourAgo)
  const run = runCli(['--help'])
  expect(run.status, run.stderr).toBe(0)
  expect(run.stdout).toContain('收訖回報工作台（Receipt Desk）命令列')
  expect(builtAt()).toBeGreaterThan(anHourAgo.getTime() + 60_000)
}, 120_000)
