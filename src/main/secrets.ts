import { safeStorage } from 'electron'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { SecretStore } from '../core/host'
import { privateFile } from '../core'

// The school server's password, kept for core (設定 → 資料庫 「記住密碼」): encrypted by the OS
// through Electron's safeStorage (DPAPI on Windows, the Keychain on macOS, the desktop's keyring
// on Linux), and only the encrypted bytes, as base64, in a JSON file in the user-data folder that
// only the user can read. Never plain text: where the OS offers no real encryption, nothing is kept
// and the clerk types the password after each start.

type Kept = Record<string, string>

/**
 * Whether the OS encrypts for us. On Linux without a keyring Electron falls back to "basic_text",
 * a key written in Chromium's source: that is plain text with extra steps, so it does not count.
 */
function encryptionAvailable(): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false
  return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'
}

function read(file: string): Kept {
  if (!existsSync(file)) return {}
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as unknown
    return kept && typeof kept === 'object' && !Array.isArray(kept) ? (kept as Kept) : {}
  } catch {
    return {} // a damaged file: the clerk types the password again
  }
}

function write(file: string, kept: Kept): void {
  const temp = `${file}.tmp-${process.pid}`
  writeFileSync(temp, JSON.stringify(kept, null, 2), { mode: 0o600 })
  privateFile(temp)
  renameSync(temp, file)
}

/** Secrets kept in `file` (in the user-data folder), encrypted by the OS. */
export function safeStorageSecrets(file: string): SecretStore {
  return {
    available: encryptionAvailable,
    async get(key) {
      const sealed = read(file)[key]
      if (typeof sealed !== 'string' || !encryptionAvailable()) return null
      try {
        return safeStorage.decryptString(Buffer.from(sealed, 'base64'))
      } catch {
        return null // sealed by another user or PC (a copied profile): ask again
      }
    },
    async set(key, value) {
      const kept = read(file)
      if (value === null) delete kept[key]
      else if (!encryptionAvailable()) throw new Error('這台電腦無法加密保存密碼。')
      else kept[key] = safeStorage.encryptString(value).toString('base64')
      write(file, kept)
    },
  }
}
