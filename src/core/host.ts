/**
 * What core needs from the program hosting it that only the host can do: native file
 * dialogs. The Electron main process supplies dialogs; the CLI and the test bridge
 * supply their own. Core never sees `electron`.
 */
export interface Host {
  /** Asks the user for files to import; returns their paths, or [] when cancelled. */
  pickImportFiles(): Promise<string[]>
  /** Asks the user where to save a file; returns the path, or null when cancelled. */
  pickSavePath(suggestedName: string): Promise<string | null>
}

/** For headless use (CLI): there is nobody to ask. */
export const headlessHost: Host = {
  async pickImportFiles() {
    return []
  },
  async pickSavePath() {
    return null
  },
}
