import { ipcMain } from 'electron'
import type { Core } from '../core'
import { INVOKE_CHANNEL } from '../shared/bridge'
import { isAppSender } from './security'

/** Serves the whole contract on one channel; core validates each input against its schema. */
export function setupIpc(core: Core, appUrl: string): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, name: unknown, input: unknown) => {
    const frame = event.senderFrame
    if (!isAppSender(frame?.url, appUrl, frame !== null && frame === event.sender.mainFrame)) {
      return { ok: false, error: { code: 'forbidden', message: '拒絕來源不明的呼叫。' } }
    }
    return core.dispatch(name, input)
  })
}
