import { isUtf8 } from 'node:buffer'
import { createHash } from 'node:crypto'
import { configure, Uint8ArrayReader, ZipReader, type Entry, type FileEntry } from '@zip.js/zip.js'
import iconv from 'iconv-lite'
import { AppError } from '../../errors'
import { LIMITS, partTooBig } from '../limits'
import { checkSha, parseShaList } from './sha'

// The central database's 收訖 zip (shared/FORMATS-ZIP.md): SHA.txt and a JSON file a kind, often
// with a password. Read with zip.js (@zip.js/zip.js), chosen because it decrypts both ZipCrypto
// and WinZip AES — the central database's cipher is not known, so both must open — and is kept
// up (releases every few weeks, no dependencies); it hands over each entry's raw name bytes and
// its UTF-8 flag, so a name written in Big5 is read as Big5, not as the DOS code page; and it
// streams an entry into a writer of ours, so the limits hold on the bytes actually inflated,
// whatever sizes the zip declares. (yauzl and unzipper cannot decrypt AES; adm-zip inflates
// each entry whole into memory and has no AES.) Our own zip.ts reads workbooks, which are never
// encrypted.

configure({ useWebWorkers: false })

/** A data file of the zip, read and checked against SHA.txt. */
export interface ReceiptFile {
  name: string
  bytes: Uint8Array
}

/**
 * Whether bytes are a 收訖 zip, whatever it is named: a zip holding SHA.txt or JSON files (one
 * without SHA.txt is then refused as such, not taken for a damaged workbook). Names are never
 * encrypted.
 */
export async function isReceiptZip(bytes: Uint8Array): Promise<boolean> {
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return false
  try {
    return (await entriesOf(bytes)).some((e) => !e.directory && (isShaList(e.name) || /\.json$/i.test(e.name)))
  } catch {
    return false
  }
}

const isShaList = (name: string) => name.toLowerCase() === 'sha.txt'

/** An entry's name: UTF-8 when flagged so or when its bytes are valid UTF-8, else Big5 (CP950), else as zip.js read it. */
export function nameOf(entry: Pick<Entry, 'rawFilename' | 'filenameUTF8' | 'filename'>): string {
  const raw = Buffer.from(entry.rawFilename)
  let name = entry.filename
  if (entry.filenameUTF8 || isUtf8(raw)) name = raw.toString('utf8')
  else {
    const big5 = iconv.decode(raw, 'cp950')
    if (!big5.includes('\uFFFD')) name = big5
  }
  return name.replace(/\\/g, '/')
}

async function entriesOf(bytes: Uint8Array): Promise<(Entry & { name: string })[]> {
  const reader = new ZipReader(new Uint8ArrayReader(bytes))
  try {
    return (await reader.getEntries()).map((entry) => Object.assign(entry, { name: nameOf(entry) }))
  } finally {
    await reader.close()
  }
}

class Refused extends Error {
  constructor(readonly refusal: AppError) {
    super(refusal.message)
  }
}

/**
 * The entry's bytes, inflated (and decrypted) into a writer that stops at the first chunk past a
 * limit: its cap, a sane ratio to its compressed size, or everything inflated so far past the
 * workbook's total. Its SHA-256 is taken as it comes.
 */
async function readEntry(
  entry: FileEntry & { name: string }, cap: number, zipName: string, password: string | null, inflated: { bytes: number; of: number }, signal?: AbortSignal,
): Promise<{ bytes: Uint8Array; sha256: string }> {
  const chunks: Uint8Array[] = []
  const hash = createHash('sha256')
  let size = 0
  const tooBig = (why: 'size' | 'ratio' | 'total', limit: number) => new Refused(partTooBig(zipName, `「${entry.name}」`, why, limit))
  const sink = new WritableStream<Uint8Array>({
    write(chunk) {
      size += chunk.length
      inflated.bytes += chunk.length
      if (size > cap) throw tooBig('size', cap)
      if (size > Math.max(LIMITS.ratioFloor, LIMITS.ratio * entry.compressedSize) || inflated.bytes > Math.max(LIMITS.ratioFloor, LIMITS.ratio * inflated.of)) {
        throw tooBig('ratio', LIMITS.ratio)
      }
      if (inflated.bytes > LIMITS.workbookBytes) throw tooBig('total', LIMITS.workbookBytes)
      hash.update(chunk)
      chunks.push(chunk)
    },
  })
  await entry.getData(sink, {
    password: password ?? undefined, checkCrc32: true, checkOverlappingEntry: true, signal,
  })
  return { bytes: Buffer.concat(chunks), sha256: hash.digest('hex') }
}

function refusal(zipName: string, code: string, why: string): AppError {
  return new AppError(code, `無法匯入「${zipName}」：${why}`, { file: zipName })
}

/**
 * What zip.js says, as the refusal the user reads; anything that is no zip.js error goes on as it
 * is. ZipCrypto checks a password by one byte: one wrong password in 256 passes that check and
 * inflates to garbage, so an encrypted entry that fails to read may be a wrong password too.
 */
function zipFailure(error: unknown, zipName: string, entry: (Entry & { name: string }) | null): unknown {
  if (error instanceof Refused) return error.refusal
  if (!(error instanceof Error) || error instanceof AppError || error.name === 'AbortError') return error
  if (/password/i.test(error.message)) {
    return new AppError('zip-password-wrong', `「${zipName}」的密碼不正確，請再輸入一次。`, { file: zipName })
  }
  if (entry?.encrypted) {
    return new AppError('zip-password-wrong', `「${zipName}」的密碼不正確（或壓縮檔中的「${entry.name}」已損毀），請再輸入一次。`, { file: zipName })
  }
  const what = entry ? `壓縮檔中的「${entry.name}」` : '壓縮檔'
  return refusal(zipName, 'file-corrupt', `${what}已損毀或不完整（${error.message}）。請重新下載後再匯入。`)
}

/**
 * The data files of a 收訖 zip, each read, checked against SHA.txt and named as in the zip; or
 * the refusal that names what is wrong: no SHA.txt, a file it does not list or lists twice, a
 * SHA-256 that differs, a password that is missing or wrong, a part past the limits.
 */
export async function openReceiptZip(bytes: Uint8Array, zipName: string, password: string | null, signal?: AbortSignal): Promise<ReceiptFile[]> {
  let current: (Entry & { name: string }) | null = null
  try {
    const entries = await entriesOf(bytes)
    const files = entries.filter((e): e is FileEntry & { name: string } => !e.directory && e.name !== '')
    if (files.length > LIMITS.receiptEntries) throw new Refused(refusal(zipName, 'file-too-big', `壓縮檔有超過 ${LIMITS.receiptEntries} 個檔案，不像是中央資料庫的收訖資料。`))
    const list = files.filter((e) => isShaList(e.name))
    if (list.length === 0) throw new Refused(refusal(zipName, 'receipt-no-sha', '壓縮檔中沒有 SHA.txt，無法核對檔案是否完整。請重新下載中央資料庫的收訖壓縮檔。'))
    if (list.length > 1) throw new Refused(refusal(zipName, 'receipt-sha-twice', '壓縮檔中有兩個 SHA.txt。請重新下載。'))
    if (files.some((e) => e.encrypted) && !password) {
      throw new AppError('zip-password-needed', `「${zipName}」有密碼保護，請輸入密碼。`, { file: zipName })
    }
    const inflated = { bytes: 0, of: bytes.length }
    current = list[0]
    const listed = await readEntry(list[0], LIMITS.receiptListBytes, zipName, password, inflated, signal)
    const data = files.filter((e) => !isShaList(e.name))
    if (data.length === 0) throw new Refused(refusal(zipName, 'receipt-empty', '壓縮檔中除了 SHA.txt 沒有其他檔案。'))
    const sha = parseShaList(listed.bytes)
    const read: ReceiptFile[] = []
    for (const entry of data) {
      current = entry
      const { bytes: content, sha256 } = await readEntry(entry, LIMITS.receiptEntryBytes, zipName, password, inflated, signal)
      const mismatch = checkSha(sha, entry.name, sha256)
      if (mismatch) throw new Refused(refusal(zipName, 'receipt-sha', mismatch))
      read.push({ name: entry.name, bytes: content })
    }
    return read
  } catch (error) {
    throw zipFailure(error, zipName, current)
  }
}
