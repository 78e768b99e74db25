/**
 * Lets the event loop run once (timers, I/O, the window's calls) before going on. Long
 * synchronous work — parsing a big CSV, planning and writing an import — awaits this every
 * few thousand rows, so that the window is never left waiting for seconds.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** How many rows long work handles between two turns of the event loop. */
export const ROWS_PER_TURN = 1000
