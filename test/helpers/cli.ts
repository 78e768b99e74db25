import { spawn, spawnSync } from 'node:child_process'
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

/**
 * Starts the CLI and kills it (SIGKILL, as a power cut or the task manager would) once it says it
 * is held at `point` (src/core/crashTestHold.ts). Resolves with what it printed on stderr.
 */
export async function killCliAt(point: string, args: string[]): Promise<string> {
  // tsx as a loader in this one process: tsx's own cli runs the script in a child process, which
  // a SIGKILL of its parent would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/index.ts'), ...args], {
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
