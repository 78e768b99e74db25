/// <reference types="vite/client" />
import type { ReceiptDeskBridge } from '../shared/bridge'

declare global {
  interface Window {
    /** Given by the preload (Electron) or by the test bridge's init script (browser tests). */
    receiptDesk: ReceiptDeskBridge
  }
}
