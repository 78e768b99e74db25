import { AppError } from '../../errors'
import type { Staged } from '../staging'
import { openReceiptZip, type ReceiptFile } from './zip'

// A 收訖 zip on the import page: it is staged like any file, asks for its password when it has
// one (a wrong one says so and lets the user try again), and once read and checked against its
// SHA.txt gives its place in the list to its data files — one staged file a kind, each analysed,
// shown and imported like a spreadsheet of that kind. The password stays in core's memory only
// for the attempt it was given for.

export interface ReceiptZipState {
  /** 'needed' until a password is given, 'wrong' after a wrong one. */
  asks: 'needed' | 'wrong' | null
  /** The data files it was unpacked into (for the CLI, which imports them in turn). */
  files: Staged[]
}

/** The zip's data files, read with the password the user gave (if any), which is then forgotten. */
export async function openStagedReceipt(staged: Staged, signal: AbortSignal): Promise<ReceiptFile[]> {
  const password = staged.choices.zipPassword ?? null
  delete staged.choices.zipPassword
  try {
    const files = await openReceiptZip(staged.bytes!, staged.fileName, password, signal)
    staged.receipt!.asks = null
    return files
  } catch (error) {
    if (error instanceof AppError && (error.code === 'zip-password-needed' || error.code === 'zip-password-wrong')) {
      staged.receipt!.asks = error.code === 'zip-password-needed' ? 'needed' : 'wrong'
    }
    throw error
  }
}

/** What a staged file stands for once read: itself, or the data files a 收訖 zip was unpacked into. */
export const filesOf = (staged: Staged): Staged[] => (staged.receipt && staged.receipt.files.length ? staged.receipt.files : [staged])
