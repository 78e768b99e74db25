import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'

export const ROOT = join(__dirname, '..', '..')

/** What `npm run cli` runs: the bundled CLI, built first when older than its sources (scripts/cli.cjs). */
const LAUNCHER = join(ROOT, 'scripts', 'cli.cjs')

/** Runs the CLI exactly as `npm run -s cli -- ...` does, without npm's startup cost. */
export function runCli(args: string[], options: { input?: string } = {}) {
  return spawnSync(process.execPath, [LAUNCHER, ...args], {
    encoding: 'utf8',
    cwd: ROOT,
    input: options.input,
    maxBuffer: 64 * 1024 * 1024,
  })
}

/**
 * Starts the CLI and kills it (SIGKILL, as a power cut or the task manager would) once it says it
 * is held at `point` (src/core/crashTestHold.ts). Resolves with what it printed on stderr.
 */
export async function killCliAt(point: string, args: string[]): Promise<string> {
  // The launcher runs the bundle in its own process: the SIGKILL reaches the CLI itself.
  const child = spawn(process.execPath, [LAUNCHER, ...args], {
    cwd: ROOT,
    env: { ...process.env, RECEIPT_DESK_CRASH_TEST_HOLD: point },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8')
      if (stderr.includes(`crash-test-hold:${point}\n`)) resolve()
    })
    void exited.then((code) => reject(new Error(`the CLI ended (exit ${code}) before reaching ${point}:\n${stderr}`)))
  })
  child.kill('SIGKILL')
  await exited
  return stderr
}
