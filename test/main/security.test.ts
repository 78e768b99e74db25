import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import {
  APP_PAGE_URL,
  appFileOf,
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  isAppSender,
  mainWindowOptions,
} from '../../src/main/security'

const APP = 'file:///C:/Program%20Files/ReceiptDesk/resources/app.asar/out/renderer/index.html'

describe('window security', () => {
  it('isolates the page from Node and Electron', () => {
    const prefs = mainWindowOptions('/app/out/preload/index.js', { devTools: false }).webPreferences!
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      preload: '/app/out/preload/index.js',
      devTools: false,
    })
  })

  it('allows in-app routes but no other page', () => {
    expect(isAllowedNavigation(`${APP}#/settings`, APP)).toBe(true)
    expect(isAllowedNavigation('https://example.com/', APP)).toBe(false)
    expect(isAllowedNavigation('file:///C:/Users/me/Desktop/roster.xlsx', APP)).toBe(false)
    expect(isAllowedNavigation('not a url', APP)).toBe(false)
    expect(isAllowedNavigation('http://localhost:5173/#/queue', 'http://localhost:5173/')).toBe(true)
  })

  it('accepts calls only from the app page in the main frame', () => {
    expect(isAppSender(`${APP}#/queue`, APP, true)).toBe(true)
    expect(isAppSender(`${APP}#/queue`, APP, false)).toBe(false)
    expect(isAppSender('https://evil.example/', APP, true)).toBe(false)
    expect(isAppSender(undefined, APP, true)).toBe(false)
  })

  it('has a CSP that allows no remote or inline script', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'")
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|https?:)/)
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'")
  })

  it('serves the files of the built page and nothing outside its folder', () => {
    const dir = join('/app', 'out', 'renderer')
    expect(appFileOf(APP_PAGE_URL, dir)).toBe(join(dir, 'index.html'))
    expect(appFileOf(`${APP_PAGE_URL}#/settings`, dir)).toBe(join(dir, 'index.html'))
    expect(appFileOf('app://receipt-desk/assets/index-1a2b.js', dir)).toBe(join(dir, 'assets', 'index-1a2b.js'))
    expect(appFileOf('app://receipt-desk/..%2Fmain%2Findex.js', dir)).toBeNull()
    expect(appFileOf('app://receipt-desk/..%5C..%5Cpackage.json', dir)).toBe(
      // a backslash is a folder separator only on Windows; elsewhere it is part of a name inside the folder
      process.platform === 'win32' ? null : join(dir, '..\\..\\package.json'),
    )
    expect(appFileOf('app://receipt-desk/%E0%A4%A', dir)).toBeNull()
    expect(appFileOf('app://receipt-desk/', dir)).toBeNull()
    expect(appFileOf('app://elsewhere/index.html', dir)).toBeNull()
    expect(appFileOf('file:///app/out/renderer/index.html', dir)).toBeNull()
  })
})
