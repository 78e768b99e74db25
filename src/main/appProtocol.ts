import { protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { APP_SCHEME, appFileOf, CONTENT_SECURITY_POLICY } from './security'

const RENDERER_DIR = join(__dirname, '../renderer')

// Chromium runs a module script only when it comes with a JavaScript type.
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/**
 * Before the app is ready: the scheme is standard (relative URLs and an origin of its
 * own, so 'self' in the CSP means the app) and secure (treated like https).
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ])
}

/** Serves the built renderer, and only it, with the CSP as a response header too. */
export function setupAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appFileOf(request.url, RENDERER_DIR)
    const body = file ? await readFile(file).catch(() => null) : null
    if (!file || !body) return new Response('Not found', { status: 404 })
    return new Response(new Uint8Array(body), {
      headers: {
        'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
      },
    })
  })
}
