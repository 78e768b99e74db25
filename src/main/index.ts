import { app, BrowserWindow, dialog, Menu } from 'electron'
import { join } from 'node:path'
import { createCore } from '../core'
import { registerAppScheme, setupAppProtocol } from './appProtocol'
import { devSqliteBinding } from './devSqliteBinding'
import { electronHost } from './dialogs'
import { setupIpc } from './ipc'
import { safeStorageSecrets } from './secrets'
import { setupSession } from './session'
import { appUrl, createMainWindow } from './window'

// Main is wiring only: every decision lives in core (tested in plain Node) or in the
// pure functions of ./security (unit-tested), and the built bundle runs in test/main
// on a recording fake electron.

let mainWindow: BrowserWindow | null = null

// An ASCII folder name for the data (%APPDATA%\ReceiptDesk on Windows), whatever the
// display name: backup tools and support staff find it more easily.
app.setPath('userData', join(app.getPath('appData'), 'ReceiptDesk'))
registerAppScheme()

// One instance per PC: a second one would open the same DB file behind the first one's back.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  })
  app.on('window-all-closed', () => app.quit())
  void app.whenReady().then(start)
}

async function start(): Promise<void> {
  // No menu bar: the app has its own navigation, and a menu's accelerators (Ctrl+Z)
  // would take keys the triage page needs.
  Menu.setApplicationMenu(null)
  setupSession()
  setupAppProtocol()
  const dataDir = app.getPath('userData')
  try {
    const core = await createCore({
      dbFile: join(dataDir, 'receipt-desk.sqlite'),
      backupDir: join(dataDir, 'backups'),
      ownDataDir: true,
      // 設定 → 資料庫: this PC's file or the school's server, as last chosen; the password kept encrypted.
      rememberDatabase: true,
      host: electronHost(() => mainWindow, safeStorageSecrets(join(dataDir, 'secrets.json'))),
      version: app.getVersion(),
      sqliteBinding: devSqliteBinding(),
    })
    setupIpc(core, appUrl())
    app.on('will-quit', () => void core.close())
  } catch (error) {
    dialog.showErrorBox('收訖回報工作台無法啟動', (error as Error).message)
    app.quit()
    return
  }
  mainWindow = createMainWindow()
  mainWindow.on('closed', () => (mainWindow = null))
}
