import type { Contract } from '../shared/contract'
import type { HandlersOf } from './context'
import { backupHandlers } from './backup/handlers'
import { importHandlers } from './import/handlers'
import { jobHandlers } from './jobHandlers'
import { settingsHandlers } from './settings/handlers'

/** The contract, implemented: one handler per call, served by IPC and by the test bridge alike. */
export type Handlers = HandlersOf<Contract>

export const handlers: Handlers = {
  ...settingsHandlers,
  ...jobHandlers,
  ...importHandlers,
  ...backupHandlers,
}
