import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page, type Route } from 'playwright-core'
import { ROOT } from '../helpers/cli'
import { joinCore, tempCore, type TempCore, type TempCoreOptions } from '../helpers/tempCore'
import { BRIDGE_INIT_SCRIPT, INVOKE_PATH, startBridge, type Bridge } from './bridge'

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
  /**
   * Holds the page's polls for other PCs' changes until the returned function is called: the
   * moment between another PC's change and this window's next poll (up to 2 s), made to last,
   * so that a test can act inside it without racing the clock.
   */
  /** Holds the page's calls of this name (another PC's change polls, by default) until the returned function runs. */
  holdCalls(name?: string): Promise<() => Promise<void>>
  close(): Promise<void>
}

export interface LaunchOptions extends TempCoreOptions {
  /** A second PC on the same server database as this window's (a core, bridge and browser of its own). */
  join?: AppUnderTest
}

/** The built renderer in real Chromium, talking to a real core on a fresh database (a SQLite file by default). */
export async function launchApp(options: LaunchOptions = {}): Promise<AppUnderTest> {
  const t = options.join ? await joinCore(options.join, options) : await tempCore(options)
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
    async holdCalls(name = 'sync.changes') {
      let release!: () => void
      const released = new Promise<void>((resolve) => (release = resolve))
      const hold = async (route: Route) => {
        if ((route.request().postDataJSON() as { name?: string } | null)?.name === name) await released
        await route.continue()
      }
      await page.route(`**${INVOKE_PATH}`, hold)
      return async () => {
        release()
        await page.unrouteAll({ behavior: 'wait' })
      }
    },
    async close() {
      await browser.close()
      await bridge.close()
      await t.cleanup()
      if (errors.length) throw new Error(`The page logged errors:\n${errors.join('\n')}`)
    },
  }
}
