import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { backupCore, importRosterAt } from '../helpers/backupCore'
import { tempCore, tempDir, type TempCore } from '../helpers/tempCore'

// Student data is readable by the user only: folders 0700, files 0600 (POSIX; see privateFiles.ts).

const mode = (path: string) => statSync(path).mode & 0o777
let t: TempCore | undefined
afterEach(async () => {
  await t?.cleanup()
  t = undefined
})

/** Every file under the data folder with its mode, and the folders'. */
function modes(dir: string): Record<string, number> {
  const found: Record<string, number> = { '.': mode(dir) }
  for (const name of readdirSync(dir, { recursive: true }) as string[]) found[name] = mode(join(dir, name))
  return found
}

describe.runIf(process.platform !== 'win32')('the data folder', () => {
  it('is created private, and the DB, its WAL, the backups and their notes readable by the user only', async () => {
    const dir = join(tempDir(), 'ReceiptDesk')
    const b = await backupCore({ dir })
    t = b
    await importRosterAt(b, '2025-10-17 09:00', '林小華')
    await importRosterAt(b, '2025-10-17 10:00', '林曉華')
    const found = modes(dir)
    expect(Object.keys(found)).toEqual(expect.arrayContaining(['receipt-desk.sqlite', 'receipt-desk.sqlite-wal', 'backups', 'backups/receipt-desk-20251017-100000.sqlite', 'backups/receipt-desk-20251017-100000.json']))
    for (const [name, m] of Object.entries(found)) expect(m.toString(8), name).toBe(statSync(join(dir, name)).isDirectory() ? '700' : '600')
  })

  it('made looser by an earlier version is tightened when the app opens it: folders, DB and backups', async () => {
    const dir = join(tempDir(), 'ReceiptDesk')
    const earlier = await backupCore({ dir })
    await importRosterAt(earlier, '2025-10-17 09:00', '林小華')
    await earlier.core.close()
    for (const name of Object.keys(modes(dir))) chmodSync(join(dir, name), statSync(join(dir, name)).isDirectory() ? 0o755 : 0o644)

    t = await tempCore({ dir, ownDataDir: true })
    for (const [name, m] of Object.entries(modes(dir))) expect(m.toString(8), name).toBe(statSync(join(dir, name)).isDirectory() ? '700' : '600')
  })

  it('of a DB named on the command line keeps its folder as the user has it, the DB and backups private', async () => {
    const dir = tempDir()
    chmodSync(dir, 0o755)
    mkdirSync(join(dir, 'backups'), { mode: 0o755 })
    writeFileSync(join(dir, 'backups', 'receipt-desk-20251017-090000.sqlite'), '', { mode: 0o644 })
    t = await tempCore({ dir })
    expect(mode(dir).toString(8)).toBe('755')
    expect(mode(t.dbFile).toString(8)).toBe('600')
    expect(mode(join(dir, 'backups')).toString(8)).toBe('700')
    expect(mode(join(dir, 'backups', 'receipt-desk-20251017-090000.sqlite')).toString(8)).toBe('600')
  })
})

describe('opening the app', () => {
  it('removes what a process that died mid-backup left, and keeps what a running one is writing', async () => {
    const dir = tempDir()
    const backups = join(dir, 'backups')
    mkdirSync(backups)
    const dead = spawnSync(process.execPath, ['-e', '0']).pid
    const left = [`.tmp-${dead}-receipt-desk-20251017-090000.sqlite`, `.tmp-${dead}-receipt-desk-20251017-090000.sqlite-journal`,
      `.tmp-${dead}-receipt-desk-20251017-090000.json`, 'receipt-desk-20251017-090000.json']
    const kept = [`.tmp-${process.pid}-receipt-desk-20251017-100000.sqlite`, 'receipt-desk-20251017-080000.sqlite', 'receipt-desk-20251017-080000.json']
    for (const name of [...left, ...kept]) writeFileSync(join(backups, name), '')
    t = await tempCore({ dir })
    expect(readdirSync(backups).sort()).toEqual([...kept].sort())
    expect(existsSync(t.dbFile)).toBe(true)
  })
})
