import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'

// Student names, numbers and national IDs are personal data: the folders core keeps them in are
// the user's alone (0700) and its files readable by the user only (0600), whether core creates
// them or finds them made looser by an earlier version. On Windows modes mean nothing (chmod only
// sets the read-only flag); there the data lives in the per-user AppData folder, which already is
// private: its ACL grants the user (and SYSTEM and administrators) only, and files inherit it.

const POSIX = process.platform !== 'win32'

/** Creates the folder (and missing parents) if needed; makes it the user's alone. */
export function privateFolder(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 })
  if (POSIX) chmodSync(path, 0o700)
}

/** Makes an existing file readable by the user only; a missing one is left missing. */
export function privateFile(path: string): void {
  if (POSIX && existsSync(path)) chmodSync(path, 0o600)
}

/**
 * A SQLite file and its companions (-wal, -shm, -journal), made private; the file is created
 * empty (an empty file is an empty DB to SQLite) so that SQLite, which gives the companions
 * it creates the mode of the DB file, never makes one readable by others.
 */
export function privateDatabaseFile(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600))
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) privateFile(file)
}
