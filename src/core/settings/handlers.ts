import type { settingsCalls } from '../../shared/contract/settings'
import { appliedMigrations } from '../db/connection'
import type { HandlersOf } from '../context'
import { checkConfirmed, routingMoves, saveWithRouting } from './routing'
import { getSettings, updateSettings } from './store'

export const settingsHandlers: HandlersOf<typeof settingsCalls> = {
  'settings.get': async (_input, { db }) => getSettings(db),
  'settings.update': async ({ confirmedMoves, ...patch }, ctx) => {
    const { routing } = patch
    // A routing that moves report items is a step of its own (undoable, in their history).
    const moves = routing ? await routingMoves(ctx.db, routing) : []
    if (routing && moves.length > 0) {
      await saveWithRouting({ patch: { ...patch, routing }, confirmedMoves, moves }, ctx)
      return getSettings(ctx.db)
    }
    return ctx.db.transaction().execute(async (trx) => {
      // Counted again where it is written: an import may have added items meanwhile.
      if (routing) checkConfirmed(await routingMoves(trx, routing), confirmedMoves)
      return updateSettings(trx, patch)
    })
  },
  'settings.routingMoves': async ({ routing }, { db }) => routingMoves(db, routing),
  'app.info': async (_input, { db, dbFile, version }) => ({
    version,
    dbFile,
    migrations: await appliedMigrations(db),
  }),
}
