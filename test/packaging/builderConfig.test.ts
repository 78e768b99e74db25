import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli'

// electron-builder.yml as electron-builder itself reads and validates it (its own loader
// and JSON schema, offline): what an installer built from it would be.

const builderRequire = createRequire(require.resolve('electron-builder'))
const { getConfig, validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config')
const { DebugLogger } = builderRequire('builder-util')

async function builderConfig(): Promise<Record<string, any>> {
  return getConfig(ROOT, null, null)
}

describe('packaging config (electron-builder.yml)', () => {
  it('is valid for the installed electron-builder', async () => {
    const config = await builderConfig()
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    // The validation is real: a misspelt fuse is refused.
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsnode: false } }
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/electronFuses/)
  })

  it('flips the fuses: no run-as-node, NODE_OPTIONS or --inspect; encrypted cookies; only a checked app.asar', async () => {
    const config = await builderConfig()
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
    // onlyLoadAppFromAsar needs the app in an asar, which is electron-builder's default.
    expect(config.asar).not.toBe(false)
  })

  it('rebuilds better-sqlite3 for Electron and keeps it outside the asar', async () => {
    const config = await builderConfig()
    expect(config.npmRebuild).not.toBe(false)
    expect(config.nodeGypRebuild).not.toBe(true)
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**')
  })

  it('packs the built app and makes the Windows installer, the portable exe and the AppImage', async () => {
    const config = await builderConfig()
    const pkg = builderRequire(join(ROOT, 'package.json'))
    expect(pkg.main).toBe('./out/main/index.js')
    const files = config.files.flatMap((f: string | { filter: string[] }) => (typeof f === 'string' ? [f] : f.filter))
    expect(files).toContain('out/**')
    expect(files).toContain('!out/cli/**')
    expect(config.win.target).toEqual(['nsis', 'portable'])
    expect(config.linux.target).toEqual(['AppImage'])
    expect([config.nsis.artifactName, config.portable.artifactName, config.linux.artifactName]).toEqual([
      'ReceiptDesk-${version}-setup.${ext}',
      'ReceiptDesk-${version}-portable.${ext}',
      'ReceiptDesk-${version}.${ext}',
    ])
  })
})
