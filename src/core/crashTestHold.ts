// For the crash tests only (test/cli/crash.test.ts). A kill -9 must find the DB and the backup
// folder consistent wherever it lands; to land it exactly at a point that lasts milliseconds
// (mid-copy of a backup, mid-write of an import), the test starts the CLI with
// RECEIPT_DESK_CRASH_TEST_HOLD set to one point's name: there the process says so on stderr and
// stops making progress, and the test kills it. Unset — always, outside those tests — each
// check is one comparison and does nothing.

const ENV = 'RECEIPT_DESK_CRASH_TEST_HOLD'

/** The crash test asked to be held at `point` (it is told on stderr, once). */
function asked(point: string): boolean {
  if (process.env[ENV] !== point) return false
  delete process.env[ENV]
  process.stderr.write(`crash-test-hold:${point}\n`)
  return true
}

/** Never returns when the crash test asked to hold here; else returns at once. */
export async function crashTestHold(point: string): Promise<void> {
  if (asked(point)) await new Promise<never>(() => setInterval(() => undefined, 60_000))
}

/**
 * A progress callback for `sqlite.backup()`: when the crash test asked to hold mid-copy, it lets
 * the first steps copy some pages, then has every further step copy none (the backup waits,
 * half-written, under its temporary name).
 */
export function crashTestBackupProgress(): (progress: { totalPages: number; remainingPages: number }) => number {
  let holding = false
  return ({ totalPages, remainingPages }) => {
    if (!holding && remainingPages < totalPages / 2) holding = asked('backup-copying')
    return holding ? 0 : PAGES_PER_STEP
  }
}

/** better-sqlite3's own default: pages copied between two turns of the event loop. */
const PAGES_PER_STEP = 100
