import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../src/main/security'
import { contract, HOST_ONLY_CALLS, type CallName } from '../../src/shared/contract'
import { preventable } from './fakeElectron'
import { forgetDevElectron, PRELOAD_BUNDLE, startMain, type MainUnderTest } from './runMain'

// The built main bundle (out/main/index.js, from `npm run build`) on a fake Electron:
// what it asks of Electron and how it answers the page, without a display.

const DEV_SERVER = 'http://localhost:5173/'
const EVIL = 'https://evil.example/'

let running: MainUnderTest[] = []
async function start(...args: Parameters<typeof startMain>): Promise<MainUnderTest> {
  const main = await startMain(...args)
  running.push(main)
  return main
}
afterEach(() => {
  for (const main of running) main.quit()
  running = []
  forgetDevElectron()
})

describe('the main window', () => {
  it('is created with exactly the secure options, devtools off in a packaged build', async () => {
    const { window, record } = await start({ isPackaged: true })
    expect(record.windows).toHaveLength(1)
    expect(window!.options.webPreferences).toEqual({
      preload: PRELOAD_BUNDLE,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
    })
    expect(existsSync(PRELOAD_BUNDLE)).toBe(true)
    expect(record.applicationMenu).toBeNull()
  })

  it('keeps devtools for developers outside a package', async () => {
    const { window } = await start({ isPackaged: false })
    expect(window!.options.webPreferences.devTools).toBe(true)
  })

  it('loads the dev server from ELECTRON_RENDERER_URL only in development', async () => {
    const dev = await start({ isPackaged: false, rendererUrl: DEV_SERVER })
    expect(dev.window!.loadedUrls).toEqual([DEV_SERVER])

    const packaged = await start({ isPackaged: true, rendererUrl: DEV_SERVER })
    expect(packaged.window!.loadedUrls).toHaveLength(1)
    expect(packaged.window!.loadedUrls[0]).not.toContain('localhost')
    // …and a page on that address gets no answer from core.
    const fromDevServer = await packaged.invoke('settings.get', {}, { url: DEV_SERVER })
    expect(fromDevServer).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('serves the page with the CSP as a response header as well as the meta tag', async () => {
    const { window, record } = await start({ isPackaged: true })
    const pageUrl = window!.loadedUrls[0]!
    const scheme = new URL(pageUrl).protocol.slice(0, -1)
    expect(record.privilegedSchemes).toContainEqual({
      scheme,
      privileges: expect.objectContaining({ standard: true, secure: true }),
    })
    const serve = record.protocolHandlers.get(scheme)!
    const page: Response = await serve(new Request(pageUrl))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    const html = await page.text()
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`)

    // The page's own script loads, with a type Chromium accepts for a module script.
    const script = /<script type="module"[^>]* src="([^"]+)"/.exec(html)![1]!
    const js: Response = await serve(new Request(new URL(script, pageUrl)))
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/)
  })

  it('serves nothing from outside the built page', async () => {
    const { window, record } = await start({ isPackaged: true })
    const pageUrl = new URL(window!.loadedUrls[0]!)
    const serve = record.protocolHandlers.get(pageUrl.protocol.slice(0, -1))!
    const root = `${pageUrl.protocol}//${pageUrl.host}`
    for (const path of ['..%2Fmain%2Findex.js', '..%2F..%2Fpackage.json', '%2e%2e/preload/index.js', 'missing.js']) {
      const response: Response = await serve(new Request(`${root}/${path}`))
      expect(response.status, path).toBe(404)
    }
    const otherHost: Response = await serve(new Request(`${pageUrl.protocol}//elsewhere/index.html`))
    expect(otherHost.status).toBe(404)
  })
})

describe('what the page may do', () => {
  it('stays on the app page: no navigation, pop-ups or webviews', async () => {
    const { window } = await start({ isPackaged: true })
    const contents = window!.webContents
    const pageUrl = window!.loadedUrls[0]!
    const navigate = (event: string, url: string) => {
      const details = Object.assign(preventable(), { url, isMainFrame: true })
      contents.emit(event, details, url)
      return details.defaultPrevented
    }
    for (const event of ['will-frame-navigate', 'will-redirect']) {
      expect(navigate(event, EVIL), event).toBe(true)
      expect(navigate(event, 'file:///C:/Users/clerk/Desktop/名冊.xlsx'), event).toBe(true)
      expect(navigate(event, `${pageUrl}#/settings`), event).toBe(false)
    }
    expect(contents.windowOpenHandler!({ url: EVIL })).toEqual({ action: 'deny' })
    expect(contents.windowOpenHandler!({ url: `${pageUrl}#/queue` })).toEqual({ action: 'deny' })
    const webview = preventable()
    contents.emit('will-attach-webview', webview, {}, { src: EVIL })
    expect(webview.defaultPrevented).toBe(true)
  })

  it('is refused every browser permission', async () => {
    const { record } = await start({ isPackaged: true })
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      let granted: boolean | undefined
      record.permissionRequestHandler!({}, permission, (answer: boolean) => (granted = answer))
      expect(granted, permission).toBe(false)
      expect(record.permissionCheckHandler!({}, permission), permission).toBe(false)
    }
  })
})

describe('calls into core', () => {
  it('serves every call of the contract on the one channel', async () => {
    const main = await start({ isPackaged: true })
    const names = Object.keys(contract).filter((name) => !HOST_ONLY_CALLS.has(name as CallName))
    expect(names.length).toBeGreaterThan(20)
    // A malformed input reaches the call's own validation: the name is known and handled.
    for (const name of names) {
      expect(await main.invoke(name, 'not an input'), name).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    }
    expect(await main.invoke('fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'unknown-call' } })
    expect(main.record.ipcListeners).toEqual([])

    const saved = await main.invoke('settings.update', { operatorName: '王小明' })
    expect(saved).toMatchObject({ ok: true, value: { operatorName: '王小明' } })
  })

  it('refuses the calls only the command line may make: the page never names a path on this PC', async () => {
    const main = await start({ isPackaged: true })
    expect(HOST_ONLY_CALLS.size).toBeGreaterThan(0)
    const inputs: Record<string, unknown> = { 'import.file': { path: join(main.appData, '名冊.xlsx') }, 'jobs.wait': { id: 'job-1' } }
    for (const name of HOST_ONLY_CALLS) {
      expect(await main.invoke(name, inputs[name]), name).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
  })

  it('refuses a call from another page or from a frame inside the app page, and changes nothing', async () => {
    const main = await start({ isPackaged: true })
    const pageUrl = main.window!.loadedUrls[0]!
    const foreign = await main.invoke('settings.update', { operatorName: '入侵者' }, { url: EVIL })
    expect(foreign).toEqual({ ok: false, error: { code: 'forbidden', message: '拒絕來源不明的呼叫。' } })
    const subframe = await main.invoke('settings.update', { operatorName: '入侵者' }, { url: pageUrl, mainFrame: false })
    expect(subframe).toMatchObject({ ok: false, error: { code: 'forbidden' } })

    const settings = await main.invoke('settings.get', {}, { url: `${pageUrl}#/settings` })
    expect(settings).toMatchObject({ ok: true, value: { operatorName: null } })
  })
})

describe('the app on this PC', () => {
  it('keeps its database in the ReceiptDesk user-data folder', async () => {
    const main = await start({ isPackaged: true })
    const dataDir = join(main.appData, 'ReceiptDesk')
    expect(main.paths.get('userData')).toBe(dataDir)
    const info = await main.invoke('app.info', {})
    expect(info).toMatchObject({ ok: true, value: { backend: 'sqlite', location: join(dataDir, 'receipt-desk.sqlite'), version: '9.9.9' } })
    expect(existsSync(join(dataDir, 'receipt-desk.sqlite'))).toBe(true)
  })

  it('a second instance quits without opening the database; the first comes to the front', async () => {
    const first = await start({ isPackaged: true })
    first.window!.minimized = true

    const second = await start({ isPackaged: true, gotSingleInstanceLock: false })
    expect(second.record.quits).toBe(1)
    expect(second.record.windows).toEqual([])
    expect(second.record.ipcHandlers.size).toBe(0)
    expect(existsSync(join(second.appData, 'ReceiptDesk', 'receipt-desk.sqlite'))).toBe(false)

    // Electron tells the first instance that a second one was started.
    first.app.emit('second-instance')
    expect(first.window!.restores).toBe(1)
    expect(first.window!.focuses).toBe(1)
    expect(first.record.quits).toBe(0)
  })
})

describe('the school server\'s password on this PC', () => {
  it('is offered to be remembered only where the OS encrypts it', async () => {
    const status = async (encryption: 'os' | 'basic_text' | 'none') =>
      (await (await start({ isPackaged: true, encryption })).invoke('database.status', {}))
    expect(await status('os')).toMatchObject({ ok: true, value: { kind: 'local', canRememberPassword: true, passwordSaved: false } })
    // Linux without a keyring: Chromium's "basic_text" key is known to all, as good as plain text.
    expect(await status('basic_text')).toMatchObject({ ok: true, value: { canRememberPassword: false } })
    expect(await status('none')).toMatchObject({ ok: true, value: { canRememberPassword: false } })
  })
})
