import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import type { Core } from '../../src/core'
import { CONTENT_SECURITY_POLICY } from '../../src/main/security'
import { ROOT } from '../helpers/cli'

// The test-only stand-in for Electron's main process: serves the built renderer and the
// same core dispatch over HTTP on 127.0.0.1, with the same CSP the app's page carries.
// Never shipped; the app itself has no network listener.

const RENDERER_DIR = join(ROOT, 'out', 'renderer')
export const INVOKE_PATH = '/__invoke'
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

/** JSON cannot carry bytes; both ends of the bridge encode them as {$bytes: base64}. */
function reviveBytes(_key: string, value: unknown) {
  if (value && typeof value === 'object' && '$bytes' in value && typeof value.$bytes === 'string') {
    return new Uint8Array(Buffer.from(value.$bytes, 'base64'))
  }
  return value
}

export interface Bridge {
  url: string
  close(): Promise<void>
}

export async function startBridge(core: Core): Promise<Bridge> {
  const server: Server = createServer(async (req, res) => {
    try {
      if (req.method === 'POST' && req.url === INVOKE_PATH) {
        const chunks: Buffer[] = []
        for await (const chunk of req) chunks.push(chunk as Buffer)
        const { name, input } = JSON.parse(Buffer.concat(chunks).toString('utf8'), reviveBytes)
        const result = await core.dispatch(name, input)
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
        res.end(JSON.stringify(result))
        return
      }
      const path = normalize(decodeURIComponent((req.url ?? '/').split(/[?#]/)[0]))
      const file = join(RENDERER_DIR, path === '/' ? 'index.html' : path)
      if (!file.startsWith(RENDERER_DIR)) throw new Error('outside')
      const body = await readFile(file)
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
      })
      res.end(body)
    } catch {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/**
 * Runs in the page before the app: gives it the same `window.receiptDesk.invoke` the
 * preload gives it in Electron, over fetch instead of IPC.
 */
export const BRIDGE_INIT_SCRIPT = `
(() => {
  const toBase64 = (bytes) => {
    let binary = ''
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
    return btoa(binary)
  }
  const encode = (key, value) => {
    if (value instanceof Uint8Array) return { $bytes: toBase64(value) }
    if (value instanceof ArrayBuffer) return { $bytes: toBase64(new Uint8Array(value)) }
    return value
  }
  window.receiptDesk = Object.freeze({
    invoke: async (name, input) => {
      const response = await fetch('${INVOKE_PATH}', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, input }, encode),
      })
      return response.json()
    },
  })
})()
`
