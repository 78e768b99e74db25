import { validateWorkflow } from '@action-validator/core'
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ROOT } from '../helpers/cli'
import { tempDir } from '../helpers/tempCore'

// .github/workflows/release.yml cannot run here; what can be checked is that it is valid
// YAML that asks GitHub for the right things, in an order that makes installers.

type Step = { uses?: string; run?: string; with?: Record<string, any>; env?: Record<string, string> }
type Job = { needs?: string; 'runs-on': string; container?: string; steps: Step[]; strategy?: any; permissions?: any }

const source = readFileSync(join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')
const workflow = parse(source)
const jobs: Record<string, Job> = workflow.jobs
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
const builder = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8'))

const uses = (job: Job, action: string) => job.steps.find((s) => s.uses?.startsWith(`${action}@`))
const runs = (job: Job, command: string) => job.steps.find((s) => s.run?.includes(command))
/** The matrix's globs use `*` only. */
const globMatches = (glob: string, path: string) =>
  new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`).test(path)

/** The file electron-builder would write for an artifactName of electron-builder.yml. */
const artifact = (name: string, ext: string) => `dist/${name.replace('${version}', '1.4.2').replace('${ext}', ext)}`
const INSTALLERS = {
  win: [artifact(builder.nsis.artifactName, 'exe'), artifact(builder.portable.artifactName, 'exe')],
  linux: [artifact(builder.linux.artifactName, 'AppImage')],
}

describe('release workflow', () => {
  it('is a valid GitHub Actions workflow (its JSON schema, checked offline)', () => {
    expect(validateWorkflow(source).errors).toEqual([])
    // The check is real: a misspelt key is refused.
    expect(validateWorkflow(source.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest')).errors).not.toEqual([])
  })

  it('runs when a version tag is pushed, and only then', () => {
    expect(workflow.on).toEqual({ push: { tags: ['v*'] } })
    expect(workflow.permissions).toEqual({ contents: 'read' })
  })

  it('tests first on Debian with Node 20, as .ci/run does, and refuses a tag that is not package.json’s version', () => {
    const test = jobs.test!
    expect(test.container).toMatch(/^node:20-bookworm/)
    expect(runs(test, '.ci/run')).toBeDefined()
    const tagCheck = runs(test, 'GITHUB_REF_NAME')!
    expect(test.steps.indexOf(tagCheck)).toBeLessThan(test.steps.indexOf(runs(test, '.ci/run')!))
    expect(jobs.package!.needs).toBe('test')
  })

  it('packages on each platform’s own runner: Windows installer and portable, Linux AppImage', () => {
    const matrix: { os: string; dist: string; unpacked: string; installers: string }[] = jobs.package!.strategy.matrix.include
    expect(matrix.map((m) => m.os)).toEqual(['windows-latest', 'ubuntu-latest'])
    const [win, linux] = matrix
    expect(pkg.scripts[win!.dist]).toMatch(/^electron-vite build && electron-builder --win nsis portable --publish never$/)
    expect(pkg.scripts[linux!.dist]).toMatch(/^electron-vite build && electron-builder --linux AppImage --publish never$/)
    expect([win!.unpacked, linux!.unpacked]).toEqual(['dist/win-unpacked', 'dist/linux-unpacked'])
    // Each installer electron-builder.yml names is picked up, and nothing is left behind.
    const globs = (m: { installers: string }) => m.installers.trim().split('\n')
    for (const [m, files] of [[win!, INSTALLERS.win], [linux!, INSTALLERS.linux]] as const) {
      for (const file of files) expect(globs(m).some((g) => globMatches(g, file)), file).toBe(true)
    }
  })

  it('installs with Node 20 and the npm cache, builds, checks the native module in Electron, then uploads', () => {
    const job = jobs.package!
    expect(job['runs-on']).toBe('${{ matrix.os }}')
    expect(uses(job, 'actions/setup-node')!.with).toEqual({ 'node-version': 20, cache: 'npm' })
    const order = [
      runs(job, 'npm ci'),
      runs(job, 'npm run ${{ matrix.dist }}'),
      runs(job, '.ci/check-packaged-sqlite.cjs'),
      uses(job, 'actions/upload-artifact'),
    ]
    expect(order.every(Boolean)).toBe(true)
    const positions = order.map((step) => job.steps.indexOf(step!))
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    // The Electron binary is downloaded here: it is what gets packed.
    expect(JSON.stringify(job.steps)).not.toContain('ELECTRON_SKIP_BINARY_DOWNLOAD')
    expect(runs(job, '.ci/check-packaged-sqlite.cjs')!.env).toEqual({ ELECTRON_RUN_AS_NODE: '1' })
    expect(uses(job, 'actions/upload-artifact')!.with).toMatchObject({
      path: '${{ matrix.installers }}',
      'if-no-files-found': 'error',
    })
  })

  it('puts every installer on one draft GitHub release, once both platforms are packaged', () => {
    const release = jobs.release!
    expect(release.needs).toBe('package')
    expect(release.permissions).toEqual({ contents: 'write' })
    expect(uses(release, 'actions/download-artifact')!.with).toMatchObject({ path: 'installers', 'merge-multiple': true })
    const publish = uses(release, 'softprops/action-gh-release')!.with!
    expect(publish).toMatchObject({ draft: true, fail_on_unmatched_files: true })
    const globs: string[] = publish.files.trim().split('\n')
    for (const file of [...INSTALLERS.win, ...INSTALLERS.linux]) {
      const downloaded = file.replace(/^dist\//, 'installers/')
      expect(globs.some((g) => globMatches(g, downloaded)), downloaded).toBe(true)
    }
  })
})

describe('the packaged native-module check (.ci/check-packaged-sqlite.cjs)', () => {
  const script = join(ROOT, '.ci', 'check-packaged-sqlite.cjs')
  const NODE_BUILT_SQLITE = join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')
  // Node stands in for Electron-as-Node: the check only asks that process.versions.electron exists.
  const asElectron = "data:text/javascript,Object.defineProperty(process.versions,'electron',{value:'40.10.2'})"
  const packagedApp = (binary: (path: string) => void) => {
    const appOutDir = tempDir('receipt-desk-unpacked-')
    const release = join(appOutDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release')
    mkdirSync(release, { recursive: true })
    binary(join(release, 'better_sqlite3.node'))
    return appOutDir
  }
  const check = (appOutDir: string, args = ['--import', asElectron]) =>
    spawnSync(process.execPath, [...args, script, appOutDir], { cwd: ROOT, encoding: 'utf8' })

  it('loads the binary where electron-builder unpacks it and runs a query', () => {
    const appOutDir = packagedApp((path) => copyFileSync(NODE_BUILT_SQLITE, path))
    const run = check(appOutDir)
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/loads in Electron 40\.10\.2 \(SQLite 3\.\d+/)
  })

  it('fails the build when the packaged binary cannot be loaded', () => {
    const appOutDir = packagedApp((path) => writeFileSync(path, 'not a shared library'))
    const run = check(appOutDir)
    expect(run.status).not.toBe(0)
    expect(run.stderr).toContain('better_sqlite3.node')
  })

  it('refuses to run under plain Node, where it would prove nothing', () => {
    const appOutDir = packagedApp((path) => copyFileSync(NODE_BUILT_SQLITE, path))
    const run = check(appOutDir, [])
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('ELECTRON_RUN_AS_NODE=1')
  })
})
