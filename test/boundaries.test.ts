import { readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The process boundaries of DESIGN.md §3, enforced: core and shared run in plain Node
// (no Electron), the renderer runs in a sandboxed page (no Node, and no core).

const ROOT = join(__dirname, '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx)$/.test(name) ? [path] : []
  })
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

  it('catches an offending import (the check itself works)', () => {
    const probe = ts.preProcessFile(`import { app } from 'electron'\nconst fs = require('node:fs')`, true, true)
    const found = probe.importedFiles.map((f) => f.fileName)
    expect(found.filter(isElectron)).toEqual(['electron'])
    expect(found.filter((s) => nodeBuiltins.has(s))).toEqual(['node:fs'])
  })
})
