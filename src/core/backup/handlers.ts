import type { backupCalls } from '../../shared/contract/backups'
import type { HandlersOf } from '../context'
import { serialised } from '../import/queue'
import { requireOperator, ownerOf } from '../settings/store'
import { listBackups } from './backups'
import { restoreBackup } from './restore'

export const backupHandlers: HandlersOf<typeof backupCalls> = {
  'backups.list': async (_input, ctx) => listBackups(ctx),
  'backups.restore': async ({ name }, ctx) => {
    const operator = await requireOperator(ctx.db, ownerOf(ctx))
    // Never in the middle of an import.
    return serialised(ctx, () => restoreBackup(ctx, name, operator))
  },
}
