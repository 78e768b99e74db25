import type { settingsCalls } from '../../shared/contract/settings'
import { appliedMigrations } from '../db/connection'
import type { HandlersOf } from '../context'
import { getSettings, updateSettings } from './store'

export const settingsHandlers: HandlersOf<typeof settingsCalls> = {
  'settings.get': async (_input, { db }) => getSettings(db),
  'settings.update': async (patch, { db }) => db.transaction().execute((trx) => updateSettings(trx, patch)),
  'app.info': async (_input, { db, dbFile, version }) => ({
    version,
    dbFile,
    migrations: await appliedMigrations(db),
  }),
}
