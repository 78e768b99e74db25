/**
 * A failure the user should read about. `message` is zh-TW and names what went wrong
 * (the file, row and column where it applies); `code` is stable for tests and callers.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message)
    this.name = 'AppError'
  }
}
