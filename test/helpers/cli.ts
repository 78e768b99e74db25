import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

export const ROOT = join(__dirname, '..', '..')

/** Runs the CLI from source exactly as `npm run -s cli -- ...` does, without npm's startup cost. */
export function runCli(args: string[], options: { input?: string } = {}) {
  return spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/cli/index.ts'), ...args], {
    encoding: 'utf8',
    cwd: ROOT,
    input: options.input,
    maxBuffer: 64 * 1024 * 1024,
  })
}
