import { session } from 'electron'

/** The app asks for no browser permissions (camera, notifications…); refuse them all. */
export function setupSession(): void {
  session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
}
