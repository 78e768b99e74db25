import type { settingsCalls } from '../../shared/contract/settings'
import { appliedMigrations } from '../db/migrate'
import type { HandlersOf } from '../context'
import { checkConfirmed, routingMoves, saveWithRouting } from './routing'
import { getSettings, ownerOf, updateSettings } from './store'

export const settingsHandlers: HandlersOf<typeof settingsCalls> = {
  'settings.get': async (_input, ctx) => getSettings(ctx.db, ownerOf(ctx)),
  'settings.update': async ({ confirmedMoves, ...patch }, ctx) => {
    const { routing } = patch
    // A routing that moves report items is a step of its own (undoable, in their history).
    const moves = routing ? await routingMoves(ctx.db, routing) : []
    if (routing && moves.length > 0) {
      await saveWithRouting({ patch: { ...patch, routing }, confirmedMoves, moves }, ctx)
      return getSettings(ctx.db, ownerOf(ctx))
    }
    return ctx.store.write(async (w) => {
      await w.begin()
      // Counted again where it is written: an import may have added items meanwhile.
      if (routing) checkConfirmed(await routingMoves(w.db, routing), confirmedMoves)
      return updateSettings(w.db, ownerOf(ctx), patch)
    }, { operator: patch.operatorName ?? null })
  },
  'settings.routingMoves': async ({ routing }, { db }) => routingMoves(db, routing),
  'app.info': async (_input, { db, store, version }) => ({
    version,
    backend: store.backend,
    location: store.location,
    migrations: await appliedMigrations(db),
  }),
}
