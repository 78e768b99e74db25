import { BrowserWindow, dialog } from 'electron'
import type { Host, SecretStore } from '../core/host'

/**
 * Native dialogs for core: paths come from the user's choice, never from the page. And the
 * secrets main keeps for it (./secrets).
 */
export function electronHost(getWindow: () => BrowserWindow | null, secrets: SecretStore): Host {
  return {
    secrets,
    async pickImportFiles() {
      const window = getWindow()
      const options: Electron.OpenDialogOptions = {
        title: '選擇要匯入的檔案',
        properties: ['openFile', 'multiSelections'],
        filters: [
          { name: '試算表（xlsx、xls、ods、csv、網頁表格）、收訖壓縮檔（zip）', extensions: ['xlsx', 'xls', 'ods', 'csv', 'htm', 'html', 'zip'] },
          { name: '所有檔案', extensions: ['*'] },
        ],
      }
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
      return result.canceled ? [] : result.filePaths
    },
    async pickSavePath(suggestedName) {
      const window = getWindow()
      const options: Electron.SaveDialogOptions = {
        title: '儲存 Excel 檔',
        defaultPath: suggestedName,
        filters: [{ name: 'Excel 活頁簿', extensions: ['xlsx'] }],
      }
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : result.filePath
    },
  }
}
