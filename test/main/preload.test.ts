import { describe, expect, it } from 'vitest'
import { INVOKE_CHANNEL } from '../../src/shared/bridge'
import { runBundle } from './fakeElectron'
import { PRELOAD_BUNDLE } from './runMain'

// The built preload (out/preload/index.js) with a fake contextBridge and ipcRenderer:
// all the page ever gets from outside is one frozen `invoke`.

function runPreload() {
  const exposed: { key: string; api: any }[] = []
  const sent: unknown[][] = []
  runBundle(PRELOAD_BUNDLE, {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push({ key, api }) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        sent.push(args)
        return { ok: true, value: 'from main' }
      },
    },
  })
  return { exposed, sent }
}

describe('preload', () => {
  it('exposes exactly one frozen object holding only invoke', () => {
    const { exposed } = runPreload()
    expect(exposed.map((e) => e.key)).toEqual(['receiptDesk'])
    const api = exposed[0]!.api
    expect(Object.getOwnPropertyNames(api)).toEqual(['invoke'])
    expect(typeof api.invoke).toBe('function')
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('passes a call to main on the one channel and hands back its answer', async () => {
    const { exposed, sent } = runPreload()
    const answer = await exposed[0]!.api.invoke('settings.get', {})
    expect(sent).toEqual([[INVOKE_CHANNEL, 'settings.get', {}]])
    expect(answer).toEqual({ ok: true, value: 'from main' })
  })
})
