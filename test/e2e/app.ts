import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { ROOT } from '../helpers/cli'
import { tempCore, type TempCore } from '../helpers/tempCore'
import { BRIDGE_INIT_SCRIPT, startBridge, type Bridge } from './bridge'

export const SCREENSHOT_DIR = join(ROOT, 'test-output', 'screenshots')

// Debian's Chromium, headless, with nothing phoning home (the machines have no internet).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--lang=zh-TW',
]

export interface AppUnderTest extends TempCore {
  browser: Browser
  page: Page
  bridge: Bridge
  /** Opens the app at a route, e.g. `open('settings')`. */
  open(route?: string): Promise<void>
  screenshot(name: string): Promise<string>
  close(): Promise<void>
}

/** The built renderer in real Chromium, talking to a real core on a fresh SQLite file. */
export async function launchApp(options: Parameters<typeof tempCore>[0] = {}): Promise<AppUnderTest> {
  const t = await tempCore(options)
  const bridge = await startBridge(t.core)
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-TW' })
  await context.addInitScript({ content: BRIDGE_INIT_SCRIPT })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  return {
    ...t,
    browser,
    page,
    bridge,
    async open(route = 'dashboard') {
      await page.goto(`${bridge.url}#/${route}`)
      await page.locator('.shell').waitFor()
    },
    async screenshot(name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true })
      const path = join(SCREENSHOT_DIR, `${name}.png`)
      await page.screenshot({ path, fullPage: false })
      return path
    },
    async close() {
      await browser.close()
      await bridge.close()
      await t.cleanup()
      if (errors.length) throw new Error(`The page logged errors:\n${errors.join('\n')}`)
    },
  }
}
