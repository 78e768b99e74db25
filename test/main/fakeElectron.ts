import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { EventEmitter } from 'node:events'
import Module, { createRequire } from 'node:module'
import { dirname, sep } from 'node:path'

/**
 * A stand-in for the `electron` module that records what the main process asks of it
 * and lets a test fire the events Electron would. It models only what the shell uses:
 * touching anything else throws, so a main that starts using a new API fails here
 * loudly instead of passing against an `undefined`.
 */

export interface Preventable {
  defaultPrevented: boolean
  preventDefault(): void
}

export function preventable(): Preventable {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true
    },
  }
}

type Handler = (...args: any[]) => any

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: Handler | null = null
  readonly mainFrame = { url: '' }
  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler
  }
}

export class FakeWindow extends EventEmitter {
  readonly webContents = new FakeWebContents()
  readonly loadedUrls: string[] = []
  minimized = false
  restores = 0
  focuses = 0
  constructor(readonly options: Record<string, any>) {
    super()
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url)
    this.webContents.mainFrame.url = url
    return Promise.resolve()
  }
  show(): void {}
  isMinimized(): boolean {
    return this.minimized
  }
  restore(): void {
    this.restores++
    this.minimized = false
  }
  focus(): void {
    this.focuses++
  }
}

export interface FakeElectronOptions {
  isPackaged: boolean
  /** The OS's application-data folder (%APPDATA% on Windows). */
  appData: string
  /** What `app.requestSingleInstanceLock()` answers: false when another instance runs. */
  gotSingleInstanceLock?: boolean
  /**
   * What safeStorage has to work with: the OS's own encryption (the default), Linux's
   * "basic_text" fallback (a key known to all), or nothing.
   */
  encryption?: 'os' | 'basic_text' | 'none'
}

/** What main asked of Electron. */
export interface FakeRecord {
  windows: FakeWindow[]
  ipcHandlers: Map<string, Handler>
  ipcListeners: string[]
  quits: number
  errorBoxes: { title: string; content: string }[]
  privilegedSchemes: { scheme: string; privileges?: Record<string, boolean> }[]
  protocolHandlers: Map<string, Handler>
  permissionRequestHandler: Handler | null
  permissionCheckHandler: Handler | null
  applicationMenu: unknown
}

export interface FakeElectron {
  /** What `require('electron')` returns to the bundle. */
  electron: object
  /** The fake `app`, for firing its events ('second-instance', 'will-quit'). */
  app: EventEmitter
  record: FakeRecord
  /** app.getPath / app.setPath, as main left them. */
  paths: Map<string, string>
}

export function fakeElectron(options: FakeElectronOptions): FakeElectron {
  const paths = new Map<string, string>([['appData', options.appData]])
  // Electron's own ordering rules, so that a main breaking them fails here too.
  let ready = false
  const afterReady = (what: string) => {
    if (!ready) throw new Error(`fake electron: ${what} before the app is ready`)
  }
  const record: FakeRecord = {
    windows: [],
    ipcHandlers: new Map(),
    ipcListeners: [],
    quits: 0,
    errorBoxes: [],
    privilegedSchemes: [],
    protocolHandlers: new Map(),
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    applicationMenu: undefined,
  }

  const app = Object.assign(new EventEmitter(), {
    isPackaged: options.isPackaged,
    getPath: (name: string) => {
      const path = paths.get(name)
      if (!path) throw new Error(`fake electron: no path for ${name}`)
      return path
    },
    setPath: (name: string, path: string) => void paths.set(name, path),
    getVersion: () => '9.9.9',
    requestSingleInstanceLock: () => options.gotSingleInstanceLock ?? true,
    quit: () => void record.quits++,
    whenReady: () => Promise.resolve().then(() => void (ready = true)),
  })

  const defaultSession = {
    setPermissionRequestHandler: (handler: Handler) => void (record.permissionRequestHandler = handler),
    setPermissionCheckHandler: (handler: Handler) => void (record.permissionCheckHandler = handler),
  }

  class BrowserWindow extends FakeWindow {
    constructor(windowOptions: Record<string, any>) {
      afterReady('new BrowserWindow()')
      super(windowOptions)
      record.windows.push(this)
    }
  }

  const electron = {
    app,
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, handler: Handler) => void record.ipcHandlers.set(channel, handler),
      on: (channel: string) => void record.ipcListeners.push(channel),
    },
    dialog: {
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true }),
      showErrorBox: (title: string, content: string) => void record.errorBoxes.push({ title, content }),
    },
    Menu: { setApplicationMenu: (menu: unknown) => void (record.applicationMenu = menu) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: FakeRecord['privilegedSchemes']) => {
        if (ready) throw new Error('fake electron: protocol.registerSchemesAsPrivileged after the app is ready')
        record.privilegedSchemes.push(...schemes)
      },
      handle: (scheme: string, handler: Handler) => {
        afterReady('protocol.handle')
        record.protocolHandlers.set(scheme, handler)
      },
    },
    session: {
      get defaultSession() {
        afterReady('session.defaultSession')
        return defaultSession
      },
    },
    safeStorage: fakeSafeStorage(options.encryption ?? 'os', () => ready),
  }

  return { electron: strict(electron, 'electron'), app, record, paths }
}

/** The OS's key for this user: the same for every start in a test file, as DPAPI's is across restarts. */
const OS_KEY = randomBytes(32)

/** Encrypts for real (AES-GCM under OS_KEY), so that a test can look for the plain text and not find it. */
function fakeSafeStorage(encryption: NonNullable<FakeElectronOptions['encryption']>, isReady: () => boolean) {
  return {
    // As on Linux: nothing before the app is ready.
    isEncryptionAvailable: () => isReady() && encryption !== 'none',
    getSelectedStorageBackend: () => (!isReady() ? 'unknown' : encryption === 'basic_text' ? 'basic_text' : 'gnome_libsecret'),
    encryptString(text: string): Buffer {
      if (!isReady() || encryption === 'none') throw new Error('fake electron: encryption is not available')
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', OS_KEY, iv)
      const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), sealed])
    },
    decryptString(bytes: Buffer): string {
      const decipher = createDecipheriv('aes-256-gcm', OS_KEY, bytes.subarray(0, 12))
      decipher.setAuthTag(bytes.subarray(12, 28))
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')
    },
  }
}

/** Throws on any member the fake does not model. */
function strict<T extends object>(target: T, name: string): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === 'symbol' || key in object || key === 'then' || key === '__esModule' || key === 'default') {
        const value = Reflect.get(object, key, receiver)
        const isPlain = value && typeof value === 'object' && !(value instanceof EventEmitter)
        return isPlain ? strict(value, `${name}.${String(key)}`) : value
      }
      throw new Error(`fake electron: main used ${name}.${String(key)}, which the fake does not model`)
    },
  })
}

const nodeRequire = createRequire(import.meta.url)

/**
 * Runs a built bundle afresh (out of the module cache) with `require('electron')`
 * answered by `electron`, as Electron would run it.
 */
export function runBundle(bundlePath: string, electron: object): void {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown }
  const original = loader._load
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'electron' ? electron : original.call(this, request, ...rest)
  }
  try {
    // A fresh process each start, as Electron's: the bundle and every chunk it loaded (a chunk
    // kept from an earlier start would hold that start's classes, and `instanceof` would fail).
    const folder = dirname(bundlePath) + sep
    for (const key of Object.keys(nodeRequire.cache)) if (key.startsWith(folder)) delete nodeRequire.cache[key]
    nodeRequire(bundlePath)
  } finally {
    loader._load = original
  }
}
