// `npm run cli` — runs the bundled CLI (out/cli/index.js, see buildCli.cjs), building it first
// when it is missing or older than any file it was built from: a developer who edits src/ and runs
// the CLI gets the code they wrote, without a build step to remember (~1 s when one is needed).
'use strict'
const { readFileSync, statSync } = require('node:fs')
const { join } = require('node:path')
const { BUNDLE, INPUTS, ROOT, buildCli } = require('./buildCli.cjs')

const mtime = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs

function isStale() {
  const built = mtime(BUNDLE)
  if (built === undefined || mtime(INPUTS) === undefined) return true
  const inputs = JSON.parse(readFileSync(INPUTS, 'utf8'))
  // A source gone (moved, deleted) or newer than the bundle.
  return inputs.some((input) => !(mtime(join(ROOT, input)) <= built))
}

async function main() {
  if (isStale()) await buildCli()
  require(BUNDLE)
}

main().catch((error) => {
  console.error(error.message)
  process.exitCode = 1
})
