import type { CallInput, CallName, CallOutput } from './contract'
import type { CallResult } from './result'

/** The IPC channel the preload's `invoke` and main's handler meet on. */
export const INVOKE_CHANNEL = 'receipt-desk:invoke'

/** The whole surface the page gets from outside: one typed `invoke`. */
export interface ReceiptDeskBridge {
  invoke<K extends CallName>(name: K, input: CallInput<K>): Promise<CallResult<CallOutput<K>>>
}
