import { app, BrowserWindow } from 'electron'
import { join } from 'node:path'
import { APP_PAGE_URL, isAllowedNavigation, mainWindowOptions } from './security'

/**
 * The address the window loads: the built page, or in `npm run dev` the dev server.
 * A packaged app never takes its page from the environment.
 */
export function appUrl(): string {
  const devUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']
  return devUrl || APP_PAGE_URL
}

export function createMainWindow(): BrowserWindow {
  // Devtools would let anyone at the PC run code with the page's access to core.
  const options = mainWindowOptions(join(__dirname, '../preload/index.js'), { devTools: !app.isPackaged })
  const window = new BrowserWindow(options)
  const url = appUrl()

  // Any frame, main or sub: a link, a dropped file or a redirect never leaves the app page.
  window.webContents.on('will-frame-navigate', (details) => {
    if (!isAllowedNavigation(details.url, url)) details.preventDefault()
  })
  window.webContents.on('will-redirect', (details) => {
    if (!isAllowedNavigation(details.url, url)) details.preventDefault()
  })
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  // No pop-ups and no remote pages, ever.
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  window.once('ready-to-show', () => window.show())
  void window.loadURL(url)
  return window
}
