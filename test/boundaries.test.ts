import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { builtinModules } from 'node:module'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The process boundaries of DESIGN.md §3, enforced: core and shared run in plain Node
// (no Electron), the renderer runs in a sandboxed page (no Node, and no core).

const ROOT = join(__dirname, '..')

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return filesUnder(path)
    return /\.(ts|tsx)$/.test(name) ? [path] : []
  })
}

/** A folder that is gone, renamed or empty would pass every check unseen: it fails instead. */
function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new Error(`${relative(ROOT, dir)} does not exist: a boundary check scans nothing`)
  const files = filesUnder(dir)
  if (files.length === 0) throw new Error(`${relative(ROOT, dir)} holds no source file: a boundary check scans nothing`)
  return files
}

function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
  return info.importedFiles.map((f) => f.fileName)
}

function violations(dir: string, isForbidden: (specifier: string, file: string) => boolean): string[] {
  return sourceFiles(join(ROOT, dir)).flatMap((file) =>
    importsOf(file)
      .filter((specifier) => isForbidden(specifier, file))
      .map((specifier) => `${relative(ROOT, file)} imports ${specifier}`),
  )
}

/** Where a relative import lands, from the project's root ('src/core/index' for '../core'). */
const target = (specifier: string, file: string) => relative(ROOT, join(file, '..', specifier)).replace(/\.tsx?$/, '')

/** The hosts use core only through its entry (createCore, Core.call) and the host interface it asks them for. */
const CORE_DOORS = new Set([join('src', 'core'), join('src', 'core', 'index'), join('src', 'core', 'host')])
const intoCoreBesidesDoors = (s: string, file: string) =>
  s.startsWith('.') && target(s, file).startsWith(join('src', 'core')) && !CORE_DOORS.has(target(s, file))

const isElectron = (s: string) => s === 'electron' || s.startsWith('electron/') || s.startsWith('@electron/')
const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))

describe('process boundaries', () => {
  it('core and shared never import electron', () => {
    expect([...violations('src/core', isElectron), ...violations('src/shared', isElectron)]).toEqual([])
  })

  it('the renderer imports no Node built-in, no electron and no core', () => {
    const bad = violations('src/renderer', (s, file) => {
      if (nodeBuiltins.has(s) || s.startsWith('node:') || isElectron(s)) return true
      if (!s.startsWith('.')) return false
      return relative(ROOT, join(file, '..', s)).startsWith(join('src', 'core'))
    })
    expect(bad).toEqual([])
  })

  it('shared imports nothing from the layers above it', () => {
    const bad = violations('src/shared', (s, file) => {
      if (!s.startsWith('.')) return s !== 'zod'
      return !relative(ROOT, join(file, '..', s)).startsWith(join('src', 'shared'))
    })
    expect(bad).toEqual([])
  })

  it('the CLI and the main process use core only through its entry and its host interface', () => {
    expect([...violations('src/cli', intoCoreBesidesDoors), ...violations('src/main', intoCoreBesidesDoors)]).toEqual([])
  })

  it('the preload script imports nothing of core', () => {
    expect(violations('src/preload', (s, file) => s.startsWith('.') && target(s, file).startsWith(join('src', 'core')))).toEqual([])
  })

  it('fails when a folder it scans is renamed or empty', () => {
    expect(() => violations('src/command-line', () => true)).toThrow(/does not exist/)
    const empty = relative(ROOT, mkdtempSync(join(tmpdir(), 'boundary-')))
    expect(() => violations(empty, () => true)).toThrow(/holds no source file/)
  })

  it('catches an import into core\'s internals from the CLI', () => {
    const file = join(ROOT, 'src', 'cli', 'commands', 'import.ts')
    expect(intoCoreBesidesDoors('../../core/import/stage', file)).toBe(true)
    expect(intoCoreBesidesDoors('../../core', file)).toBe(false)
    expect(intoCoreBesidesDoors('../../core/host', file)).toBe(false)
    expect(intoCoreBesidesDoors('../../shared/contract', file)).toBe(false)
  })

  it('catches an offending import (the check itself works)', () => {
    const probe = ts.preProcessFile(`import { app } from 'electron'\nconst fs = require('node:fs')`, true, true)
    const found = probe.importedFiles.map((f) => f.fileName)
    expect(found.filter(isElectron)).toEqual(['electron'])
    expect(found.filter((s) => nodeBuiltins.has(s))).toEqual(['node:fs'])
  })
})
