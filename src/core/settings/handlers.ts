import type { settingsCalls } from '../../shared/contract/settings'
import { appliedMigrations } from '../db/migrate'
import type { HandlersOf } from '../context'
import { getSettings, updateSettings } from './store'

export const settingsHandlers: HandlersOf<typeof settingsCalls> = {
  'settings.get': async (_input, { db }) => getSettings(db),
  'settings.update': async (patch, { store }) =>
    store.write(async (w) => {
      await w.begin()
      return updateSettings(w.db, patch)
    }, { operator: patch.operatorName ?? null }),
  'app.info': async (_input, { db, store, version }) => ({
    version,
    backend: store.backend,
    location: store.location,
    migrations: await appliedMigrations(db),
  }),
}
