import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { privateFile, privateFolder } from '../privateFiles'

// The backup folder: `receipt-desk-YYYYMMDD-HHmmss[-n].sqlite`, each with a `.json` note beside
// it (when, why, which version of the app, what it is for). Only complete backups carry such a
// name: a backup is written under a temporary name (`.tmp-<pid>-…`) and renamed into place once
// it and its note are on disk, so a crash mid-backup leaves nothing that is listed or counted
// among those kept; the next start removes what a dead process left.

const NAME = /^receipt-desk-(\d{8})-(\d{6})(?:-(\d+))?\.sqlite$/
const TEMP = /^\.tmp-(\d+)-/

/** What a backup is for: taken before an import, or the present kept before a restore. */
export type BackupPurpose = 'import' | 'restore'

export interface BackupMeta {
  takenAt: string
  reason: string
  appVersion: string
  migrations: string[]
  purpose: BackupPurpose
}

export const noteOf = (name: string) => name.replace(/\.sqlite$/, '.json')

/** A file name for work in progress in `dir`, owned by this process. */
export const tempPathIn = (dir: string, name: string) => join(dir, `.tmp-${process.pid}-${name}`)

/** The backups in `dir`, newest first (a -2 taken in the same second after its plain twin). */
export function listNames(dir: string): string[] {
  if (!existsSync(dir)) return []
  const order = (name: string) => {
    const [, date, time, n = '1'] = NAME.exec(name)!
    return `${date}${time}${n.padStart(6, '0')}`
  }
  return readdirSync(dir)
    .filter((n) => NAME.test(n))
    .sort((a, b) => (order(a) < order(b) ? 1 : -1))
}

/** The note beside a backup; null when missing or not ours (the backup's own schema still decides). */
export function readMeta(dir: string, name: string): BackupMeta | null {
  try {
    const meta = JSON.parse(readFileSync(join(dir, noteOf(name)), 'utf8')) as Partial<BackupMeta>
    if (typeof meta.appVersion !== 'string' || !Array.isArray(meta.migrations)) return null
    return {
      takenAt: String(meta.takenAt ?? ''),
      reason: String(meta.reason ?? ''),
      appVersion: meta.appVersion,
      migrations: meta.migrations,
      // Notes written before restores had backups of their own were all taken before imports.
      purpose: meta.purpose === 'restore' ? 'restore' : 'import',
    }
  } catch {
    return null
  }
}

/** Flushes a file (or, on POSIX, a folder's entries) to the disk. */
function fsyncPath(path: string): void {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return // Windows cannot open a folder; its renames are journaled by NTFS
  }
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * Puts a finished backup (written at `temp`) in place as `name` with its note: both flushed to
 * disk first, the note renamed in before the backup, so a listed backup is whole and noted.
 */
export function publish(dir: string, temp: string, name: string, meta: BackupMeta): void {
  const noteTemp = tempPathIn(dir, noteOf(name))
  writeFileSync(noteTemp, JSON.stringify(meta, null, 2), { mode: 0o600 })
  for (const file of [temp, noteTemp]) {
    privateFile(file)
    fsyncPath(file)
  }
  renameSync(noteTemp, join(dir, noteOf(name)))
  renameSync(temp, join(dir, name))
  fsyncPath(dir)
}

export function removeBackup(dir: string, name: string): void {
  rmSync(join(dir, name), { force: true })
  rmSync(join(dir, noteOf(name)), { force: true })
}

/** Keeps the newest `keep` backups taken for `purpose`; those for the other purpose are not counted. */
export function prune(dir: string, purpose: BackupPurpose, keep: number): void {
  const mine = listNames(dir).filter((name) => (readMeta(dir, name)?.purpose ?? 'import') === purpose)
  for (const name of mine.slice(keep)) removeBackup(dir, name)
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * On opening: the folder and every file in it made private; what a process that died mid-backup
 * or mid-restore left (its temporary files, a note whose backup never arrived) removed. Another
 * process at work on the same folder (the CLI beside the app) keeps its files.
 */
export function tidyBackupFolder(dir: string): void {
  if (!existsSync(dir)) return
  privateFolder(dir)
  const files = readdirSync(dir)
  const backups = new Set(files.filter((n) => NAME.test(n)))
  for (const file of files) {
    const temp = TEMP.exec(file)
    const orphanNote = file.endsWith('.json') && NAME.test(file.replace(/\.json$/, '.sqlite')) && !backups.has(file.replace(/\.json$/, '.sqlite'))
    if ((temp && !isRunning(Number(temp[1]))) || orphanNote) rmSync(join(dir, file), { force: true })
    else privateFile(join(dir, file))
  }
}
