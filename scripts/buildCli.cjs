// node scripts/buildCli.cjs — bundles the command line (src/cli) into out/cli/index.js.
//
// The CLI used to start through tsx, transpiling some 200 files at every start (~1.4 s of a
// 110,000-row import's whole run). Bundled once by esbuild it starts in a fraction of that.
// better-sqlite3 (native) and pg (loaded only for a server) stay in node_modules. exceljs, needed
// only by exports, is bundled into a file of its own that the CLI reads when it first exports: V8
// compiles every byte of a script it loads, and exceljs is half the bundle. It sits in
// out/cli/node_modules/exceljs, where the bundle's require('exceljs') finds it and Node knows it
// for a dependency (whose old `new Buffer()` calls it does not warn the user about). Beside the
// bundle, inputs.json lists the project's files it was built from, for cli.cjs's freshness check.
'use strict'
const { mkdirSync, renameSync, utimesSync, writeFileSync } = require('node:fs')
const { dirname, join } = require('node:path')

const ROOT = join(__dirname, '..')
const OUT = join(ROOT, 'out', 'cli')
const BUNDLE = join(OUT, 'index.js')
const INPUTS = join(OUT, 'inputs.json')

/** Files that change the bundle besides its sources: the dependencies' versions and this script. */
const ALWAYS = ['package.json', 'package-lock.json', 'scripts/buildCli.cjs']

/** Builds the bundle; written under temporary names and renamed, so a CLI started meanwhile never reads half a file. */
async function buildCli() {
  const esbuild = require('esbuild')
  // Dated when the sources were read: a file saved during the build is newer than the bundle.
  const started = new Date()
  // import.meta is empty in CommonJS; core reads it only where __filename is missing (import/parseWorker.ts).
  const common = {
    absWorkingDir: ROOT, bundle: true, platform: 'node', target: 'node20', format: 'cjs', write: false, logLevel: 'warning',
    logOverride: { 'empty-import-meta': 'silent' },
  }
  const [result, exceljs] = await Promise.all([
    esbuild.build({
      ...common,
      // The import's worker thread (src/core/import/worker.ts) is a script of its own beside the CLI.
      entryPoints: { index: join(ROOT, 'src', 'cli', 'index.ts'), importWorker: join(ROOT, 'src', 'core', 'import', 'worker.ts') },
      outdir: OUT,
      external: ['better-sqlite3', 'pg', 'exceljs'],
      sourcemap: 'linked',
      metafile: true,
    }),
    esbuild.build({ ...common, entryPoints: [require.resolve('exceljs')], outfile: join(OUT, 'node_modules', 'exceljs', 'index.js') }),
  ])
  const temp = (path) => `${path}.${process.pid}.tmp`
  // The bundle last: it is the file the freshness check dates.
  const last = (file) => (file.path === BUNDLE ? 1 : 0)
  for (const file of [...exceljs.outputFiles, ...result.outputFiles].sort((a, b) => last(a) - last(b))) {
    mkdirSync(dirname(file.path), { recursive: true })
    writeFileSync(temp(file.path), file.contents)
    renameSync(temp(file.path), file.path)
  }
  utimesSync(BUNDLE, started, started)
  const sources = Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/'))
  writeFileSync(temp(INPUTS), JSON.stringify([...new Set([...ALWAYS, ...sources])].sort(), null, 1))
  renameSync(temp(INPUTS), INPUTS)
}

module.exports = { buildCli, BUNDLE, INPUTS, ROOT }

if (require.main === module) {
  buildCli().catch((error) => {
    console.error(error.message)
    process.exitCode = 1
  })
}
