import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type DatabaseHandle } from '../../../src/core/db/connection'
import { tempDir } from '../../helpers/tempCore'

let handle: DatabaseHandle | undefined
afterEach(async () => handle?.close())

describe('the database connection', () => {
  // A power cut cannot be staged in a test; what makes a committed decision survive one is
  // SQLite's: in WAL mode, synchronous=FULL syncs the WAL at every commit (NORMAL only at
  // checkpoints, so the last commits before a power cut could be lost). Cost: bench/README.md.
  it('syncs every commit to the disk: WAL with synchronous=FULL', () => {
    handle = openDatabase(join(tempDir(), 'db.sqlite'))
    expect(handle.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(handle.sqlite.pragma('synchronous', { simple: true })).toBe(2)
  })
})
