import type { BrowserWindowConstructorOptions } from 'electron'
import { isAbsolute, join, relative, sep } from 'node:path'

// Pure functions, unit-tested without Electron: what the window may do and who may call core.

/**
 * The page's Content-Security-Policy: only the app's own scripts, no remote anything.
 * Styles allow 'unsafe-inline' because chart tooltips set inline style attributes;
 * scripts, the real risk, do not.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ')

/**
 * The built page is served from the app's own scheme rather than file://: a file:// page
 * gets no response headers (so no CSP header), and Electron grants file:// pages powers a
 * web page never has (the grantFileProtocolExtraPrivileges fuse turns them off).
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'receipt-desk'
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/**
 * The file of the built renderer (under `rendererDir`) an app-scheme URL names, or null
 * for anything else: another scheme or host, the folder itself, or a path that climbs out.
 */
export function appFileOf(requestUrl: string, rendererDir: string): string | null {
  let url: URL
  let path: string
  try {
    url = new URL(requestUrl)
    path = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null
  const file = join(rendererDir, path)
  const inside = relative(rendererDir, file)
  const outside = inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)
  return outside ? null : file
}

export function mainWindowOptions(preloadPath: string, { devTools }: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: '收訖回報工作台',
    backgroundColor: '#F7F7F5',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
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
      devTools,
    },
  }
}

/** Strips the hash and query, so that in-app routes (`#/settings`) count as the same page. */
function documentOf(url: string): string | null {
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.host}${u.pathname}`
  } catch {
    return null
  }
}

/**
 * The window may only ever show the app's own page: in-app hash routes are fine,
 * anything else (a dropped file, a link, a redirect) is refused.
 */
export function isAllowedNavigation(targetUrl: string, appUrl: string): boolean {
  const target = documentOf(targetUrl)
  return target !== null && target === documentOf(appUrl)
}

/** Calls into core are accepted only from the app's own page in its main frame. */
export function isAppSender(frameUrl: string | undefined | null, appUrl: string, isMainFrame: boolean): boolean {
  return isMainFrame && typeof frameUrl === 'string' && isAllowedNavigation(frameUrl, appUrl)
}
