import type { Contract } from '../shared/contract'
import type { HandlersOf } from './context'
import { dashboardHandlers } from './dashboard/handlers'
import { databaseHandlers } from './database/handlers'
import { exportHandlers } from './export/handlers'
import { backupHandlers } from './backup/handlers'
import { importHandlers } from './import/handlers'
import { jobHandlers } from './jobHandlers'
import { queueHandlers } from './queue/handlers'
import { recordsHandlers } from './records/handlers'
import { repliesHandlers } from './replies/handlers'
import { roundHandlers } from './rounds/handlers'
import { settingsHandlers } from './settings/handlers'
import { studentHandlers } from './students/handlers'
import { triageHandlers } from './triage/handlers'

/** The contract, implemented: one handler per call, served by IPC and by the test bridge alike. */
export type Handlers = HandlersOf<Contract>

export const handlers: Handlers = {
  ...settingsHandlers,
  ...jobHandlers,
  ...queueHandlers,
  ...triageHandlers,
  ...recordsHandlers,
  ...repliesHandlers,
  ...roundHandlers,
  ...dashboardHandlers,
  ...studentHandlers,
  ...exportHandlers,
  ...importHandlers,
  ...backupHandlers,
  ...databaseHandlers,
}
