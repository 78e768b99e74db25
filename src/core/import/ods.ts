import { AppError } from '../errors'
import { LIMITS, partTooBig } from './limits'
import { ZipError, ZipLimitError, type ZipArchive } from './zip'

// An OpenDocument spreadsheet (.ods, LibreOffice's own) is a zip like an .xlsx; its first entry,
// `mimetype`, says what it is. SheetJS inflates its parts whole with an inflater of its own, which
// no limit reaches: so every part is first inflated here, within the limits of an .xlsx's parts
// and checked against its CRC, before SheetJS is handed the file.

const MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet'

async function textOf(zip: ZipArchive, name: string, cap: number): Promise<string | null> {
  const entry = zip.get(name)
  if (!entry) return null
  const chunks: Buffer[] = []
  for await (const chunk of zip.stream(entry, cap)) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}

/** Whether a zip is an OpenDocument spreadsheet; a damaged one says no (and is refused as a damaged workbook). */
export async function isOds(zip: ZipArchive): Promise<boolean> {
  try {
    return (await textOf(zip, 'mimetype', 1024))?.trim() === MIMETYPE
  } catch {
    return false
  }
}

export function corruptOds(fileName: string, why?: string): AppError {
  return new AppError(
    'file-corrupt',
    `無法讀取「${fileName}」：檔案已損毀或不是有效的 OpenDocument 試算表（.ods）${why ? `（${why}）` : ''}。請重新下載或在 LibreOffice 另存後再匯入。`,
    { file: fileName },
  )
}

export function encryptedBook(fileName: string, program: 'Excel' | 'LibreOffice'): AppError {
  return new AppError(
    'file-encrypted',
    `「${fileName}」：這個活頁簿有密碼保護，請在 ${program} 移除密碼後另存再匯入。`,
    { file: fileName },
  )
}

/** Every part inflates within its limit and to its CRC, and the book is not encrypted; else the refusal. */
export async function checkOds(zip: ZipArchive, fileName: string, signal?: AbortSignal): Promise<void> {
  try {
    const manifest = await textOf(zip, 'META-INF/manifest.xml', LIMITS.smallPartBytes)
    if (manifest?.includes('encryption-data')) throw encryptedBook(fileName, 'LibreOffice')
    for (const entry of zip.entries.values()) {
      if (entry.name.endsWith('/')) continue
      // The cells are in content.xml (219 MB for the 110,000-row course book); the rest are small.
      const cap = entry.name.toLowerCase() === 'content.xml' ? LIMITS.sheetBytes : LIMITS.smallPartBytes
      for await (const _ of zip.stream(entry, cap, signal));
    }
  } catch (error) {
    if (error instanceof ZipLimitError) throw partTooBig(fileName, `「${error.entry.name}」`, error.why, error.cap)
    throw error instanceof ZipError ? corruptOds(fileName, error.message) : error
  }
}
