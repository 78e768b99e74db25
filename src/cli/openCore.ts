import { resolve } from 'node:path'
import { createCore, type Core } from '../core'
import { headlessHost } from '../core/host'
import { version } from '../../package.json'

/** The same core the app runs, on a DB file named on the command line. */
export function openCore(dbFile: string): Promise<Core> {
  return createCore({ dbFile: resolve(dbFile), host: headlessHost, version })
}
