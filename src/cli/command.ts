/** One CLI sub-command. `run` returns the process exit code. */
export interface Command {
  name: string
  summary: string
  usage: string
  run(args: string[]): Promise<number>
}

/** A refusal the user should read (printed to stderr, exit code 1), not a crash. */
export class UsageError extends Error {}
