import { BrowserWindow } from 'electron'
import { join } from 'node:path'
import { isAllowedNavigation, mainWindowOptions } from './security'

/** The address the window loads: the dev server in `npm run dev`, else the built page. */
export function appUrl(): string {
  const devUrl = process.env['ELECTRON_RENDERER_URL']
  if (devUrl) return devUrl
  return new URL(`file://${join(__dirname, '../renderer/index.html').replace(/\\/g, '/')}`).href
}

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.js')))
  const url = appUrl()

  window.webContents.on('will-navigate', (event, target) => {
    if (!isAllowedNavigation(target, url)) event.preventDefault()
  })
  window.webContents.on('will-redirect', (event, target) => {
    if (!isAllowedNavigation(target, url)) event.preventDefault()
  })
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  // No pop-ups and no remote pages, ever.
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  window.once('ready-to-show', () => window.show())
  void window.loadURL(url)
  return window
}
