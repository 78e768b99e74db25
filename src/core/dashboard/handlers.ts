import type { dashboardCalls } from '../../shared/contract/dashboard'
import type { HandlersOf } from '../context'
import { findRound } from '../rounds/view'
import { nowStamp } from '../time'
import { dashboardOverview } from './overview'

export const dashboardHandlers: HandlersOf<typeof dashboardCalls> = {
  'dashboard.overview': async ({ roundId, section }, { store, clock }) => {
    const now = nowStamp(clock)
    // One read transaction: every figure on the page comes from the same moment of the DB.
    return store.read(async ({ db }) => dashboardOverview(db, await findRound(db, roundId), now, section))
  },
}
