// How a call's outcome crosses a process boundary: never as a thrown exception,
// which Electron's IPC would mangle, but as a plain value.

export interface CallErrorShape {
  /** Stable machine-readable code, e.g. `invalid-input`, `stale-version`. */
  code: string
  /** What the user reads, in zh-TW. */
  message: string
  /** Optional structured detail (e.g. the file, row and column of a bad cell). */
  detail?: unknown
}

export type CallResult<T> = { ok: true; value: T } | { ok: false; error: CallErrorShape }
