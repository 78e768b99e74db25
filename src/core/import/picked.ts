import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { AppError } from '../errors'

/** A file bigger than this is not a school's export; refuse it before reading it into memory. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024

export const tooBig = (name: string) => new AppError('file-too-big', `「${name}」太大（超過 200 MB），不像是學校匯出的檔案。`)

/** The bytes of a file the user named (in the file dialog, or on the command line). */
export async function readPicked(path: string): Promise<Uint8Array> {
  const name = basename(path)
  try {
    const info = await stat(path)
    if (info.size > MAX_FILE_BYTES) throw tooBig(name)
    return new Uint8Array(await readFile(path))
  } catch (error) {
    if (error instanceof AppError) throw error
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? '找不到這個檔案' : (error as Error).message
    throw new AppError('file-open-failed', `無法開啟「${name}」：${why}`, { file: name })
  }
}
