// Benches run the test helpers (tempCore, seedQueue) outside vitest, under tsx as CommonJS, where
// `require('vitest')` throws on purpose. The helpers only ask vitest for the PostgreSQL cluster
// of the core-pg project (test/helpers/pgDatabase.ts: `inject`, already guarded): outside vitest
// there is none, so 'vitest' resolves to a stub whose inject says so.
const Module = require('node:module')
const { join } = require('node:path')

const stub = join(__dirname, 'vitestStub.cjs')
const resolve = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  return request === 'vitest' ? stub : resolve.call(this, request, ...rest)
}
