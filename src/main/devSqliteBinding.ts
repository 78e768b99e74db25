import { app } from 'electron'
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/**
 * `npm start` runs Electron on the project's node_modules, whose better-sqlite3 is built
 * for Node (the tests load it in Node). Rather than rebuilding it in place — which would
 * break the tests — fetch better-sqlite3's prebuilt binary for this Electron once, keep it
 * in the user-data folder, and hand it to better-sqlite3 as its `nativeBinding`.
 * The packaged app needs none of this: electron-builder rebuilds for Electron there.
 */
export function devSqliteBinding(): string | undefined {
  if (app.isPackaged) return undefined
  const target = process.versions.electron
  const cached = join(app.getPath('userData'), 'native', `electron-${target}-${process.arch}`, 'better_sqlite3.node')
  if (existsSync(cached)) return cached

  const packageDir = dirname(require.resolve('better-sqlite3/package.json'))
  const prebuildInstall = require.resolve('prebuild-install/bin.js')
  const work = mkdtempSync(join(tmpdir(), 'receipt-desk-native-'))
  try {
    // prebuild-install reads name, version and repository from package.json and unpacks
    // the binary under build/Release of its working folder.
    copyFileSync(join(packageDir, 'package.json'), join(work, 'package.json'))
    const run = spawnSync(
      process.execPath,
      [prebuildInstall, '--runtime', 'electron', '--target', target, '--arch', process.arch],
      { cwd: work, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8' },
    )
    const built = join(work, 'build', 'Release', 'better_sqlite3.node')
    if (run.status !== 0 || !existsSync(built)) {
      throw new Error(
        `無法下載 Electron ${target} 用的 better-sqlite3 元件（需要網路）。\n${run.stderr || run.stdout || ''}`,
      )
    }
    mkdirSync(dirname(cached), { recursive: true })
    copyFileSync(built, cached)
    return cached
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
