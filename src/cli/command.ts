import type { CallInput, CallName, CallOutput } from '../shared/contract'
import type { Core } from '../core'

/** One CLI sub-command. `run` returns the process exit code. */
export interface Command {
  name: string
  summary: string
  usage: string
  run(args: string[]): Promise<number>
}

/** A refusal the user should read (printed to stderr, exit code 1), not a crash. */
export class UsageError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message)
  }
}

const HINTS: Record<string, string> = {
  'operator-missing': '\n命令列可用：npm run -s cli -- settings --db FILE --operator 姓名',
}

/**
 * One call through core's typed door, as the window makes it: its value, or its refusal in the
 * words the window would show (with how to do it on the command line, where that differs).
 */
export async function callCore<K extends CallName>(core: Core, name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  const result = await core.call(name, input)
  if (!result.ok) throw new UsageError(`${result.error.message}${HINTS[result.error.code] ?? ''}`, result.error.code)
  return result.value
}
