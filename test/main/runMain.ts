import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { INVOKE_CHANNEL } from '../../src/shared/bridge'
import type { CallResult } from '../../src/shared/result'
import { ROOT } from '../helpers/cli'
import { tempDir } from '../helpers/tempCore'
import { fakeElectron, runBundle, type FakeElectron, type FakeElectronOptions, type FakeWindow } from './fakeElectron'

export const MAIN_BUNDLE = join(ROOT, 'out', 'main', 'index.js')
export const PRELOAD_BUNDLE = join(ROOT, 'out', 'preload', 'index.js')

/** The Electron version `npm start` would report; the dev-mode binding cache is keyed by it. */
const DEV_ELECTRON = '40.10.2'

export interface MainUnderTest extends FakeElectron {
  appData: string
  /** The main window, once main has made it. */
  window: FakeWindow | undefined
  /** Calls core through main's IPC handler as a frame of the given URL would. */
  invoke(name: unknown, input: unknown, from?: { url: string; mainFrame?: boolean }): Promise<CallResult<unknown>>
  /** What Electron does on quit: main closes the DB. */
  quit(): void
}

export interface MainScenario {
  isPackaged: boolean
  /** `ELECTRON_RENDERER_URL`, as `npm run dev` sets it. */
  rendererUrl?: string
  gotSingleInstanceLock?: boolean
  encryption?: FakeElectronOptions['encryption']
  /** The OS's application-data folder of an earlier start (a restart); a new one by default. */
  appData?: string
}

/**
 * Starts a fresh main process from out/main/index.js on a fake Electron whose app-data
 * folder is a new temp folder, and waits until it has opened its window or quit.
 */
export async function startMain(scenario: MainScenario): Promise<MainUnderTest> {
  if (!existsSync(MAIN_BUNDLE)) throw new Error(`${MAIN_BUNDLE} is missing: run \`npm run build\` first`)
  const appData = scenario.appData ?? tempDir('receipt-desk-appdata-')
  const fake = fakeElectron({ ...scenario, appData })
  if (!scenario.isPackaged) provideDevSqliteBinding(appData)
  const restoreEnv = setEnv('ELECTRON_RENDERER_URL', scenario.rendererUrl)
  try {
    runBundle(MAIN_BUNDLE, fake.electron)
    await until(() => fake.record.windows.length > 0 || fake.record.quits > 0)
    const [failure] = fake.record.errorBoxes
    if (failure) throw new Error(`main failed to start: ${failure.title}: ${failure.content}`)
  } finally {
    restoreEnv()
  }
  return {
    ...fake,
    appData,
    get window() {
      return fake.record.windows[0]
    },
    async invoke(name, input, from) {
      const handler = fake.record.ipcHandlers.get(INVOKE_CHANNEL)
      if (!handler) throw new Error(`main registered no handler on ${INVOKE_CHANNEL}`)
      const contents = fake.record.windows[0]!.webContents
      const frame = from ? { url: from.url } : contents.mainFrame
      const sender = { mainFrame: from?.mainFrame === false ? { url: contents.mainFrame.url } : frame }
      return handler({ sender, senderFrame: frame }, name, input)
    },
    quit() {
      fake.app.emit('will-quit')
    },
  }
}

/**
 * Outside a package, main hands better-sqlite3 a binary built for the running Electron,
 * fetched once into the user-data folder. Node is the runtime here, so the "fetched"
 * binary is node_modules' own, put where main looks for it.
 */
function provideDevSqliteBinding(appData: string): void {
  Object.defineProperty(process.versions, 'electron', { value: DEV_ELECTRON, configurable: true, enumerable: true })
  const cached = join(appData, 'ReceiptDesk', 'native', `electron-${DEV_ELECTRON}-${process.arch}`, 'better_sqlite3.node')
  mkdirSync(dirname(cached), { recursive: true })
  copyFileSync(join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), cached)
}

export function forgetDevElectron(): void {
  delete (process.versions as Record<string, string>)['electron']
}

function setEnv(name: string, value: string | undefined): () => void {
  const before = process.env[name]
  if (value === undefined) delete process.env[name]
  else process.env[name] = value
  return () => {
    if (before === undefined) delete process.env[name]
    else process.env[name] = before
  }
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = Date.now()
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('main neither opened a window nor quit')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
