/**
 * What core needs from the program hosting it that only the host can do: native file
 * dialogs, and keeping a secret (the school server's password) safely on this PC. The
 * Electron main process supplies both; the CLI and the test bridge supply their own.
 * Core never sees `electron`.
 */
export interface Host {
  /** Asks the user for files to import; returns their paths, or [] when cancelled. */
  pickImportFiles(): Promise<string[]>
  /** Asks the user where to save a file; returns the path, or null when cancelled. */
  pickSavePath(suggestedName: string): Promise<string | null>
  /** Secrets kept encrypted by the OS (Electron's safeStorage); absent where there is none. */
  secrets?: SecretStore
  /**
   * Who unattended work (an import from the command line) is recorded under when 設定 names no
   * operator; a host with a window leaves it out, so its clerk must name themselves first.
   */
  unattendedOperator?: string
  /**
   * The built script of the import's worker thread (src/core/import/worker.ts, bundled beside the
   * CLI): given, an unattended import of a record file is written while that thread reads it
   * (import/whileReading.ts); absent, the file is analysed whole first, as in the window.
   */
  importWorker?: string
}

export interface SecretStore {
  /** Whether a secret can be kept safely on this PC (never in plain text). */
  available(): boolean
  get(key: string): Promise<string | null>
  /** Keeps `value` under `key`, or forgets it (null). */
  set(key: string, value: string | null): Promise<void>
}

/** For headless use (CLI): there is nobody to ask, and no secret is kept (PGPASSWORD or ~/.pgpass instead). */
export const headlessHost: Host = {
  async pickImportFiles() {
    return []
  },
  async pickSavePath() {
    return null
  },
}
