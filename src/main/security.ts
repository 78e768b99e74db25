import type { BrowserWindowConstructorOptions } from 'electron'

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

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
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
