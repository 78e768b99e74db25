import type { settingsCalls } from '../../shared/contract/settings'
import { appliedMigrations } from '../db/migrate'
import type { HandlersOf } from '../context'
import { getSettings, ownerOf, updateSettings } from './store'

export const settingsHandlers: HandlersOf<typeof settingsCalls> = {
  'settings.get': async (_input, ctx) => getSettings(ctx.db, ownerOf(ctx)),
  'settings.update': async (patch, ctx) =>
    ctx.store.write(async (w) => {
      await w.begin()
      return updateSettings(w.db, ownerOf(ctx), patch)
    }, { operator: patch.operatorName ?? null }),
  'app.info': async (_input, { db, store, version }) => ({
    version,
    backend: store.backend,
    location: store.location,
    migrations: await appliedMigrations(db),
  }),
}
