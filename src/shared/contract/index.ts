import type { z } from 'zod'
import { dashboardCalls } from './dashboard'
import { databaseCalls } from './database'
import { exportCalls } from './export'
import { backupCalls } from './backups'
import { importCalls } from './import'
import { jobCalls } from './jobs'
import { queueCalls } from './queue'
import { recordsCalls } from './records'
import { roundCalls } from './rounds'
import { settingsCalls } from './settings'
import { studentCalls } from './students'
import { triageCalls } from './triage'

/** Every call the renderer can make, by name. */
export const contract = {
  ...settingsCalls,
  ...jobCalls,
  ...queueCalls,
  ...triageCalls,
  ...recordsCalls,
  ...roundCalls,
  ...dashboardCalls,
  ...studentCalls,
  ...exportCalls,
  ...importCalls,
  ...backupCalls,
  ...databaseCalls,
}

export type Contract = typeof contract
export type CallName = keyof Contract
/** What the caller passes (before zod defaults and transforms). */
export type CallInput<K extends CallName> = z.input<Contract[K]['input']>
/** What a handler receives (after validation). */
export type ParsedInput<K extends CallName> = z.output<Contract[K]['input']>
export type CallOutput<K extends CallName> = Contract[K]['_output']

/**
 * Calls only the host process itself may make (the CLI, tests): they name paths on this PC or
 * hold a call open until a job ends. The window's IPC refuses them.
 */
export const HOST_ONLY_CALLS: ReadonlySet<CallName> = new Set<CallName>(['import.file', 'jobs.wait'])

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name)
}
