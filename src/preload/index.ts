import { contextBridge, ipcRenderer } from 'electron'
import { INVOKE_CHANNEL, type ReceiptDeskBridge } from '../shared/bridge'

// The page gets exactly one function. Everything it can do is a named call of the
// contract, validated again in main. Frozen: that surface is fixed once, here.
const bridge = Object.freeze<ReceiptDeskBridge>({
  invoke: (name, input) => ipcRenderer.invoke(INVOKE_CHANNEL, name, input),
})

contextBridge.exposeInMainWorld('receiptDesk', bridge)
