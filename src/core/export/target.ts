import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { AppError } from '../errors'

// Where a workbook may be written. A file a user has open in Excel is locked on Windows,
// and Excel leaves an owner file (~$name.xlsx) beside it; LibreOffice leaves .~lock.name#.
// Overwriting either would fail half-way or lose the user's unsaved work, so we refuse
// first, with a message that says what to do.

const openMessage = (name: string) =>
  `「${name}」正由 Excel 或其他程式開啟中，無法覆寫。請先關閉該檔案再匯出，或另存新檔名。`

export async function checkTarget(target: string): Promise<void> {
  const name = basename(target)
  if (!/\.xlsx$/i.test(name)) throw new AppError('export-not-xlsx', `匯出的檔名必須以 .xlsx 結尾：${name}`)
  const folder = dirname(target)
  const folderStat = await stat(folder).catch(() => null)
  if (!folderStat?.isDirectory()) throw new AppError('export-folder-missing', `找不到要儲存的資料夾「${folder}」。`)
  for (const owner of [`~$${name}`, `.~lock.${name}#`]) {
    if (existsSync(join(folder, owner))) throw new AppError('export-file-open', openMessage(name))
  }
  const existing = await stat(target).catch(() => null)
  if (!existing) return
  if (existing.isDirectory()) throw new AppError('export-target-folder', `「${target}」是資料夾，請另取檔名。`)
  if ((existing.mode & 0o222) === 0) throw readOnly(name)
  // Opening for writing is what fails on Windows while Excel holds the file.
  try {
    const handle = await open(target, 'r+')
    await handle.close()
  } catch (error) {
    throw fileError(error, name)
  }
}

const readOnly = (name: string) =>
  new AppError('export-read-only', `「${name}」是唯讀檔案，無法覆寫。請另存新檔名，或先取消該檔案的唯讀屬性。`)

/** A refusal from the file system, in words the user can act on. */
export function fileError(error: unknown, name: string): AppError {
  if (error instanceof AppError) return error
  const code = (error as NodeJS.ErrnoException)?.code
  if (code === 'EBUSY' || code === 'EPERM') return new AppError('export-file-open', openMessage(name))
  if (code === 'EACCES' || code === 'EROFS') return readOnly(name)
  if (code === 'ENOSPC') return new AppError('export-disk-full', `磁碟空間不足，無法寫入「${name}」。`)
  const message = error instanceof Error ? error.message : String(error)
  return new AppError('export-write-failed', `無法寫入「${name}」：${message}`)
}

/** A hidden temp file beside the target, so the final rename stays on one disk. */
export function tempPathBeside(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
}
